import { CreatePresignedDomainUrlCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { UserError } from './errors';
import type { StudioApp } from './spaces';

/**
 * Where the presigned URL lands. Classic Studio opens the JupyterServer app; the new apps open their
 * own UI; without --app the new Studio home page (`studio::`) opens.
 */
export function landingUriFor(app: StudioApp | undefined): string {
  switch (app) {
    case 'jupyterserver':
      return 'app:JupyterServer:';
    case 'jupyterlab':
      return 'app:JupyterLab:';
    case 'codeeditor':
      return 'app:CodeEditor:';
    case undefined:
      return 'studio::';
  }
}

export interface PresignedUrlRequest {
  domainId: string;
  userProfileName: string;
  spaceName?: string | undefined;
  app?: StudioApp | undefined;
  /** How long the link works before it is first opened (AWS default: 300 s). */
  expiresInSeconds?: number | undefined;
}

/** A one-time sign-in link; it is a credential, so callers print it only to its owner. */
export async function createPresignedUrl(
  sagemaker: SageMakerClient,
  req: PresignedUrlRequest,
): Promise<string> {
  const out = await sagemaker.send(
    new CreatePresignedDomainUrlCommand({
      DomainId: req.domainId,
      UserProfileName: req.userProfileName,
      LandingUri: landingUriFor(req.app),
      ...(req.spaceName ? { SpaceName: req.spaceName } : {}),
      ...(req.expiresInSeconds ? { ExpiresInSeconds: req.expiresInSeconds } : {}),
    }),
  );
  if (!out.AuthorizedUrl) throw new UserError('SageMaker returned no URL for CreatePresignedDomainUrl');
  return out.AuthorizedUrl;
}
