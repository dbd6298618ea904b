/** The tag keys of schema/src/constants.ts this sets. */
export const TAGS: { gitProviderHost: string; gitUserName: string; email: string };

/**
 * Tags the domain with the git provider (`null` removes the tag) and the user profile with its git
 * identity, in the local Studio `env` points at.
 */
export function tagGitStudio(
  env: Record<string, string>,
  opts: {
    domainName?: string;
    user: string;
    provider?: string | null;
    gitUserName?: string;
    email?: string;
  },
): Promise<{ domainId: string }>;

/** Writes Studio's resource-metadata.json for a classic app of `user`. */
export function writeStudioMetadata(
  file: string,
  who: { domainId: string; user: string; appType?: string; region?: string },
): void;
