import {
  CreateSpaceCommand,
  DeleteSpaceCommand,
  DescribeSpaceCommand,
  type DescribeSpaceCommandOutput,
  ListSpacesCommand,
  type SageMakerClient,
  type SpaceDetails,
} from '@aws-sdk/client-sagemaker';
import type { SpaceSummary } from '@studio-teams/schema';
import { UserError } from './errors';
import { allPages, PAGE_SIZE } from './pagination';
import { pollUntil, type PollOptions } from './wait';

/** The apps a space can be made for; `jupyterserver` is classic Studio, the others new Studio. */
export type StudioApp = 'jupyterlab' | 'jupyterserver' | 'codeeditor';
export const STUDIO_APPS: readonly StudioApp[] = ['jupyterlab', 'jupyterserver', 'codeeditor'];

export type SpaceSharing = 'Private' | 'Shared';

const isNotFound = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { name?: string }).name === 'ResourceNotFound';

export async function listSpaces(sagemaker: SageMakerClient, domainId: string): Promise<SpaceDetails[]> {
  return allPages(async (NextToken) => {
    const out = await sagemaker.send(
      new ListSpacesCommand({ DomainIdEquals: domainId, MaxResults: PAGE_SIZE, NextToken }),
    );
    return { items: out.Spaces, nextToken: out.NextToken };
  });
}

export function toSpaceSummary(s: SpaceDetails): SpaceSummary {
  return {
    name: s.SpaceName ?? '',
    status: s.Status ?? 'unknown',
    ownerUserProfileName: s.OwnershipSettingsSummary?.OwnerUserProfileName ?? null,
    sharingType: s.SpaceSharingSettingsSummary?.SharingType ?? null,
    createdAt: s.CreationTime ? s.CreationTime.toISOString() : null,
  };
}

/** The space, or undefined when it does not exist. */
export async function describeSpace(
  sagemaker: SageMakerClient,
  domainId: string,
  spaceName: string,
): Promise<DescribeSpaceCommandOutput | undefined> {
  try {
    return await sagemaker.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: spaceName }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export interface CreateSpaceOptions {
  /** Owner of a new-Studio space; classic (jupyterserver) spaces have none. */
  owner?: string | undefined;
  app?: StudioApp | undefined;
  sharing?: SpaceSharing | undefined;
}

/**
 * New-Studio spaces (JupyterLab, Code Editor) have an owner, a sharing type and an app type; classic
 * spaces, made for the JupyterServer app, have none of these. Shared by default: a space is how
 * people work together, which is why the original made them.
 */
export async function createSpace(
  sagemaker: SageMakerClient,
  domainId: string,
  spaceName: string,
  opts: CreateSpaceOptions = {},
): Promise<void> {
  const app = opts.app ?? 'jupyterlab';
  const modern =
    app === 'jupyterserver'
      ? {}
      : {
          SpaceSettings: {
            AppType: app === 'codeeditor' ? ('CodeEditor' as const) : ('JupyterLab' as const),
          },
          SpaceSharingSettings: { SharingType: opts.sharing ?? 'Shared' },
          ...(opts.owner ? { OwnershipSettings: { OwnerUserProfileName: opts.owner } } : {}),
        };
  await sagemaker.send(new CreateSpaceCommand({ DomainId: domainId, SpaceName: spaceName, ...modern }));
}

/** Creates the space unless it exists; says which happened (`up --space` reports it). */
export async function ensureSpace(
  sagemaker: SageMakerClient,
  domainId: string,
  spaceName: string,
  opts: CreateSpaceOptions = {},
): Promise<{ created: boolean }> {
  if (await describeSpace(sagemaker, domainId, spaceName)) return { created: false };
  await createSpace(sagemaker, domainId, spaceName, opts);
  return { created: true };
}

/** DeleteSpace, then waits until DescribeSpace says it is gone (a Deleting space keeps its name). */
export async function deleteSpace(
  sagemaker: SageMakerClient,
  domainId: string,
  spaceName: string,
  opts: PollOptions = {},
): Promise<void> {
  await sagemaker.send(new DeleteSpaceCommand({ DomainId: domainId, SpaceName: spaceName }));
  await pollUntil(
    `space ${spaceName} to be deleted`,
    async () => {
      const space = await describeSpace(sagemaker, domainId, spaceName);
      if (!space) return true;
      if (space.Status === 'Delete_Failed') {
        throw new UserError(
          `space ${spaceName} could not be deleted: ${space.FailureReason ?? 'no reason given'}`,
        );
      }
      return undefined;
    },
    opts,
  );
}
