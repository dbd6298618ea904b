import type { StudioContext } from './context';
import { createPresignedUrl } from './presigned-url';
import { ensureSpace, type SpaceSharing, type StudioApp } from './spaces';

export interface UpRequest {
  userProfileName: string;
  spaceName?: string | undefined;
  app?: StudioApp | undefined;
  /** For a space that has to be created. */
  sharing?: SpaceSharing | undefined;
  expiresInSeconds?: number | undefined;
}

export interface UpResult {
  url: string;
  /** True when `up --space` had to create the space first. */
  spaceCreated: boolean;
}

/** `up`: a presigned sign-in URL for the user (or one of their spaces, created when missing). */
export async function up(ctx: StudioContext, req: UpRequest): Promise<UpResult> {
  const { sagemaker } = ctx.clients;
  let spaceCreated = false;
  if (req.spaceName) {
    ({ created: spaceCreated } = await ensureSpace(sagemaker, ctx.domain.id, req.spaceName, {
      owner: req.userProfileName,
      app: req.app,
      sharing: req.sharing,
    }));
  }
  const url = await createPresignedUrl(sagemaker, {
    domainId: ctx.domain.id,
    userProfileName: req.userProfileName,
    spaceName: req.spaceName,
    app: req.app,
    expiresInSeconds: req.expiresInSeconds,
  });
  return { url, spaceCreated };
}
