import {
  CreateAppCommand,
  ListAppsCommand,
  type AppDetails,
  type ListAppsCommandInput,
} from '@aws-sdk/client-sagemaker';
import { parseWith, Seed, type SeedApp } from '@studio-teams/schema';
import { failure } from './support/harness';
import { startStudio, type Studio } from './support/studio';

const USERS = 30;
const APPS_PER_USER = 10;
const SPACES = 5;
const APPS_PER_SPACE = 4;
const TOTAL = USERS * APPS_PER_USER + SPACES * APPS_PER_SPACE;

/** 320 apps of distinct ages in one domain, plus a second domain, so order and filters are checkable. */
function bigSeed(): Seed {
  const users = Array.from({ length: USERS }, (_, i) => ({ person: `user.n${i}` }));
  const spaces = Array.from({ length: SPACES }, (_, i) => ({
    name: `space-${i}`,
    owner: `user-n${i}`,
    sharing: 'Shared',
  }));
  let age = 0;
  const apps: SeedApp[] = [];
  for (let u = 0; u < USERS; u++) {
    for (let a = 0; a < APPS_PER_USER; a++)
      apps.push({
        user: `user-n${u}`,
        type: 'KernelGateway',
        instanceType: 'ml.t3.medium',
        ageHours: (age += 0.5),
      });
  }
  for (let s = 0; s < SPACES; s++) {
    for (let a = 0; a < APPS_PER_SPACE; a++)
      apps.push({
        space: `space-${s}`,
        type: 'KernelGateway',
        instanceType: 'ml.m5.large',
        ageHours: (age += 0.5),
      });
  }
  const other = {
    name: 'other',
    users: [{ person: 'user.n0' }],
    apps: [{ user: 'user-n0', type: 'JupyterServer', instanceType: 'system', ageHours: 1 }],
  };
  return parseWith(
    Seed,
    {
      accountId: '123456789012',
      region: 'us-east-1',
      caller: 'user.n0',
      bastionInstanceId: 'i-0b4571011ba57e0a1',
      domains: [{ name: 'datascience', users, spaces, apps }, other],
    },
    'big seed',
  );
}

describe('ListApps over hundreds of apps', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio(bigSeed());
  });
  afterAll(async () => {
    const violations = studio.emulator.violations();
    await studio.close();
    expect(violations).toEqual([]);
  });

  async function listAll(input: ListAppsCommandInput): Promise<{ apps: AppDetails[]; pages: number }> {
    const apps: AppDetails[] = [];
    let pages = 0;
    let NextToken: string | undefined = input.NextToken;
    do {
      const page = await studio.sm.send(new ListAppsCommand({ ...input, NextToken }));
      apps.push(...(page.Apps ?? []));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    return { apps, pages };
  }

  const times = (apps: AppDetails[]) => apps.map((a) => a.CreationTime?.getTime() ?? 0);

  it("returns AWS's default of 10 apps per page, oldest first (the model's default order), with a NextToken", async () => {
    const page = await studio.sm.send(new ListAppsCommand({ DomainIdEquals: studio.domainId }));
    expect(page.Apps).toHaveLength(10);
    expect(page.NextToken).toEqual(expect.any(String));
    const t = times(page.Apps ?? []);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
  });

  it('pages through the whole domain 100 at a time, each app once', async () => {
    const { apps, pages } = await listAll({ DomainIdEquals: studio.domainId, MaxResults: 100 });
    expect(pages).toBe(Math.ceil(TOTAL / 100));
    expect(apps).toHaveLength(TOTAL);
    expect(new Set(apps.map((a) => `${a.UserProfileName ?? a.SpaceName}/${a.AppName}`)).size).toBe(TOTAL);
    expect(apps.every((a) => a.DomainId === studio.domainId)).toBe(true);
  });

  it('sorts by CreationTime in either order', async () => {
    const ascending = await listAll({
      DomainIdEquals: studio.domainId,
      MaxResults: 37,
      SortBy: 'CreationTime',
      SortOrder: 'Ascending',
    });
    const descending = await listAll({
      DomainIdEquals: studio.domainId,
      MaxResults: 37,
      SortOrder: 'Descending',
    });
    const up = times(ascending.apps);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(times(descending.apps)).toEqual([...up].reverse());
  });

  it('lists every domain without DomainIdEquals', async () => {
    const { apps } = await listAll({ MaxResults: 100 });
    expect(apps).toHaveLength(TOTAL + 1);
  });

  it('filters by user profile, space and domain', async () => {
    const user = await listAll({
      DomainIdEquals: studio.domainId,
      UserProfileNameEquals: 'user-n7',
      MaxResults: 3,
    });
    expect(user.apps).toHaveLength(APPS_PER_USER);
    expect(user.pages).toBe(4);
    expect(user.apps.every((a) => a.UserProfileName === 'user-n7' && a.SpaceName === undefined)).toBe(true);

    const space = await listAll({ SpaceNameEquals: 'space-2' });
    expect(space.apps).toHaveLength(APPS_PER_SPACE);
    expect(space.apps.every((a) => a.SpaceName === 'space-2' && a.UserProfileName === undefined)).toBe(true);

    const other = await listAll({ DomainIdEquals: studio.emulator.domainId('other') });
    expect(other.apps.map((a) => a.AppType)).toEqual(['JupyterServer']);

    const everywhere = await listAll({ UserProfileNameEquals: 'user-n0', MaxResults: 100 });
    expect(everywhere.apps).toHaveLength(APPS_PER_USER + 1);

    const nobody = await studio.sm.send(
      new ListAppsCommand({ DomainIdEquals: studio.domainId, UserProfileNameEquals: 'nobody' }),
    );
    expect(nobody.Apps).toEqual([]);
    expect(nobody.NextToken).toBeUndefined();
  });

  it('neither repeats nor skips apps when one is created between pages', async () => {
    const input = {
      DomainIdEquals: studio.domainId,
      UserProfileNameEquals: 'user-n3',
      MaxResults: 4,
      SortOrder: 'Ascending' as const,
    };
    const first = await studio.sm.send(new ListAppsCommand(input));
    await studio.sm.send(
      new CreateAppCommand({
        DomainId: studio.domainId,
        UserProfileName: 'user-n3',
        AppType: 'KernelGateway',
        AppName: 'between-pages',
      }),
    );
    const rest = await listAll({ ...input, NextToken: first.NextToken } as ListAppsCommandInput);
    const names = [...(first.Apps ?? []), ...rest.apps].map((a) => a.AppName);
    expect(names).toHaveLength(APPS_PER_USER + 1);
    expect(new Set(names).size).toBe(names.length);
    expect(names.at(-1)).toBe('between-pages');
  });

  it('refuses bad paging parameters as AWS does', async () => {
    const { sm, domainId } = studio;
    for (const MaxResults of [0, 101]) {
      const err = await failure(() => sm.send(new ListAppsCommand({ DomainIdEquals: domainId, MaxResults })));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toMatch(/at 'maxResults'/);
    }
    const garbage = await failure(() => sm.send(new ListAppsCommand({ NextToken: 'not-a-token' })));
    expect(garbage.name).toBe('ValidationException');

    const page = await sm.send(new ListAppsCommand({ DomainIdEquals: domainId }));
    const replayed = await failure(() =>
      sm.send(
        new ListAppsCommand({ DomainIdEquals: domainId, SortOrder: 'Ascending', NextToken: page.NextToken }),
      ),
    );
    expect(replayed.name).toBe('ValidationException');

    const both = await failure(() =>
      sm.send(new ListAppsCommand({ UserProfileNameEquals: 'user-n1', SpaceNameEquals: 'space-1' })),
    );
    expect(both.name).toBe('ValidationException');
  });
});
