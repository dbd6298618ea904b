/**
 * Reads every page of a NextToken-paged AWS list call. The original read only the first page, so past
 * ten users or apps it silently saw nobody; every list in core goes through here instead.
 */
export async function allPages<T>(
  fetchPage: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[] | undefined; nextToken?: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    all.push(...(page.items ?? []));
    token = page.nextToken || undefined;
    // A service that hands back a token it already gave would loop forever; stop instead.
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token !== undefined);
  return all;
}

/** The most AWS returns per page for the Studio list calls. */
export const PAGE_SIZE = 100;
