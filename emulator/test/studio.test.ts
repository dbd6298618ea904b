import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddTagsCommand,
  CreateAppCommand,
  CreatePresignedDomainUrlCommand,
  CreateSpaceCommand,
  DeleteAppCommand,
  DeleteSpaceCommand,
  DeleteTagsCommand,
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  ListDomainsCommand,
  ListSpacesCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import { DOMAIN_TAGS } from '@studio-teams/schema';
import { decodePresignedToken } from '../src/studio/presigned-url';
import { demoSeed, failure } from './support/harness';
import { startStudio, type Studio } from './support/studio';

describe('Studio resources', () => {
  let studio: Studio;
  beforeEach(async () => {
    studio = await startStudio(demoSeed());
  });
  afterEach(async () => {
    const violations = studio.emulator.violations();
    await studio.close();
    expect(violations).toEqual([]);
  });

  describe('domains and user profiles', () => {
    it('finds the domain by name through ListDomains, and describes it', async () => {
      const { Domains = [] } = await studio.sm.send(new ListDomainsCommand({}));
      expect(Domains.map((d) => [d.DomainName, d.DomainId, d.Status])).toEqual([
        ['datascience', studio.domainId, 'InService'],
      ]);
      const domain = await studio.sm.send(new DescribeDomainCommand({ DomainId: studio.domainId }));
      expect(domain.DomainArn).toBe(`arn:aws:sagemaker:us-east-1:123456789012:domain/${studio.domainId}`);
      expect(domain.AuthMode).toBe('IAM');
      expect(domain.DefaultUserSettings?.KernelGatewayAppSettings?.DefaultResourceSpec?.InstanceType).toBe(
        'ml.t3.medium',
      );
    });

    it('lists user profiles with filters, and describes one case-insensitively', async () => {
      const all = await studio.sm.send(
        new ListUserProfilesCommand({ DomainIdEquals: studio.domainId, MaxResults: 100 }),
      );
      expect(all.UserProfiles?.map((p) => p.UserProfileName).sort()).toEqual([
        'jane-doe',
        'john-smith',
        'lukas-muller',
        'maria-garcia',
        'priya-patel',
        'wei-zhang',
      ]);
      const some = await studio.sm.send(new ListUserProfilesCommand({ UserProfileNameContains: 'JA' }));
      expect(some.UserProfiles?.map((p) => p.UserProfileName)).toEqual(['jane-doe']);
      const firstPage = await studio.sm.send(new ListUserProfilesCommand({ MaxResults: 4 }));
      expect(firstPage.UserProfiles).toHaveLength(4);
      const secondPage = await studio.sm.send(
        new ListUserProfilesCommand({ MaxResults: 4, NextToken: firstPage.NextToken }),
      );
      expect(secondPage.UserProfiles).toHaveLength(2);
      expect(secondPage.NextToken).toBeUndefined();

      const profile = await studio.sm.send(
        new DescribeUserProfileCommand({ DomainId: studio.domainId, UserProfileName: 'John-Smith' }),
      );
      expect(profile.UserProfileName).toBe('john-smith');
      expect(profile.HomeEfsFileSystemUid).toBe('200002');
      expect(profile.UserSettings?.ExecutionRole).toBe(
        'arn:aws:iam::123456789012:role/sagemaker/studio-john-smith',
      );
    });
  });

  describe('spaces', () => {
    it('lists spaces with their owner and sharing, and describes their EFS uid', async () => {
      const { Spaces = [] } = await studio.sm.send(
        new ListSpacesCommand({ DomainIdEquals: studio.domainId, SortOrder: 'Ascending' }),
      );
      expect(
        Spaces.map((s) => [
          s.SpaceName,
          s.OwnershipSettingsSummary?.OwnerUserProfileName,
          s.SpaceSharingSettingsSummary?.SharingType,
        ]),
      ).toEqual([
        ['team-forecasting', 'jane-doe', 'Shared'],
        ['nlp-lab', 'wei-zhang', 'Shared'],
        ['priya-sandbox', 'priya-patel', 'Private'],
        ['jane-lab', 'jane-doe', 'Private'],
      ]);
      expect(Spaces[2]?.SpaceSettingsSummary?.AppType).toBe('JupyterLab');
      const filtered = await studio.sm.send(new ListSpacesCommand({ SpaceNameContains: 'lab' }));
      expect(filtered.Spaces?.map((s) => s.SpaceName).sort()).toEqual(['jane-lab', 'nlp-lab']);
      const space = await studio.sm.send(
        new DescribeSpaceCommand({ DomainId: studio.domainId, SpaceName: 'team-forecasting' }),
      );
      expect(space.HomeEfsFileSystemUid).toBe('200007');
      expect(space.SpaceArn).toBe(
        `arn:aws:sagemaker:us-east-1:123456789012:space/${studio.domainId}/team-forecasting`,
      );
    });

    it('creates a space with the next EFS uid and its home folder, and updates it', async () => {
      const { sm, domainId, sandbox } = studio;
      const created = await sm.send(new CreateSpaceCommand({ DomainId: domainId, SpaceName: 'new-space' }));
      expect(created.SpaceArn).toMatch(/:space\/d-[a-z0-9]{12}\/new-space$/);
      const space = await sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'new-space' }));
      expect(space.HomeEfsFileSystemUid).toBe('200011');
      expect(space.SpaceSharingSettings?.SharingType).toBe('Shared');
      expect(space.OwnershipSettings).toBeUndefined();
      expect(existsSync(join(sandbox, 'mnt', 'efs', '200011'))).toBe(true);

      studio.clock.advance(5000);
      await sm.send(
        new UpdateSpaceCommand({
          DomainId: domainId,
          SpaceName: 'new-space',
          SpaceSettings: { AppType: 'CodeEditor' },
        }),
      );
      const updated = await sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'new-space' }));
      expect(updated.SpaceSettings?.AppType).toBe('CodeEditor');
      expect(updated.LastModifiedTime?.getTime()).toBe(studio.clock.t);
      const err = await failure(() =>
        sm.send(
          new UpdateSpaceCommand({
            DomainId: domainId,
            SpaceName: 'new-space',
            SpaceSettings: { AppType: 'JupyterLab' },
          }),
        ),
      );
      expect(err.name).toBe('ValidationException');
    });

    it('refuses to delete a space while any of its apps is not Deleted or Failed', async () => {
      const { sm, domainId, clock, emulator } = studio;
      const err = await failure(() =>
        sm.send(new DeleteSpaceCommand({ DomainId: domainId, SpaceName: 'team-forecasting' })),
      );
      expect(err.name).toBe('ResourceInUse');
      expect(err.message).toMatch(/JupyterServer\/default/);
      await sm.send(
        new DeleteAppCommand({
          DomainId: domainId,
          SpaceName: 'team-forecasting',
          AppType: 'JupyterServer',
          AppName: 'default',
        }),
      );
      const kernel = emulator
        .snapshot()
        .domains[0]?.apps.find((a) => a.owner.name === 'team-forecasting' && a.appType === 'KernelGateway');
      await sm.send(
        new DeleteAppCommand({
          DomainId: domainId,
          SpaceName: 'team-forecasting',
          AppType: 'KernelGateway',
          AppName: kernel?.appName,
        }),
      );
      // Deleting is not gone yet.
      expect(
        (
          await failure(() =>
            sm.send(new DeleteSpaceCommand({ DomainId: domainId, SpaceName: 'team-forecasting' })),
          )
        ).name,
      ).toBe('ResourceInUse');
      clock.advance(2000);
      await sm.send(new DeleteSpaceCommand({ DomainId: domainId, SpaceName: 'team-forecasting' }));
      expect(
        (
          await failure(() =>
            sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'team-forecasting' })),
          )
        ).name,
      ).toBe('ResourceNotFound');
      expect(emulator.snapshot().domains[0]?.spaces.map((s) => s.name)).not.toContain('team-forecasting');
    });

    it('runs JupyterLab apps in spaces only', async () => {
      const { sm, domainId } = studio;
      await sm.send(
        new CreateSpaceCommand({
          DomainId: domainId,
          SpaceName: 'lab',
          SpaceSettings: { AppType: 'JupyterLab' },
        }),
      );
      await sm.send(
        new CreateAppCommand({
          DomainId: domainId,
          SpaceName: 'lab',
          AppType: 'JupyterLab',
          AppName: 'default',
        }),
      );
      const err = await failure(() =>
        sm.send(
          new CreateAppCommand({
            DomainId: domainId,
            UserProfileName: 'jane-doe',
            AppType: 'JupyterLab',
            AppName: 'default',
          }),
        ),
      );
      expect(err.name).toBe('ValidationException');
    });
  });

  describe('presigned domain URLs', () => {
    it('signs a user in, with landing page, space and expiry in the token', async () => {
      const { AuthorizedUrl = '' } = await studio.sm.send(
        new CreatePresignedDomainUrlCommand({
          DomainId: studio.domainId,
          UserProfileName: 'jane-doe',
          LandingUri: 'studio::',
          SpaceName: 'team-forecasting',
          ExpiresInSeconds: 20,
        }),
      );
      const url = new URL(AuthorizedUrl);
      expect(url.origin).toBe(`https://${studio.domainId}.studio.us-east-1.sagemaker.aws`);
      expect(url.pathname).toBe('/auth');
      const claims = decodePresignedToken(url.searchParams.get('token') ?? '');
      expect(claims).toMatchObject({
        domainId: studio.domainId,
        userProfileName: 'jane-doe',
        spaceName: 'team-forecasting',
        landingUri: 'studio::',
      });
      expect(claims.expiresAt).toBe(Math.floor(studio.clock.t / 1000) + 20);
    });

    it('uses presignedUrlBase when given', async () => {
      const local = await startStudio(demoSeed(), { presignedUrlBase: 'http://127.0.0.1:8888/lab/' });
      try {
        const { AuthorizedUrl = '' } = await local.sm.send(
          new CreatePresignedDomainUrlCommand({ DomainId: local.domainId, UserProfileName: 'wei-zhang' }),
        );
        expect(AuthorizedUrl).toMatch(/^http:\/\/127\.0\.0\.1:8888\/lab\/auth\?token=[A-Za-z0-9_-]+$/);
      } finally {
        await local.close();
      }
    });
  });

  describe('tags', () => {
    it('adds, lists and deletes tags on the domain, profiles, spaces and apps', async () => {
      const { sm, domainId, emulator } = studio;
      const domainArn = `arn:aws:sagemaker:us-east-1:123456789012:domain/${domainId}`;
      const added = await sm.send(
        new AddTagsCommand({
          ResourceArn: domainArn,
          Tags: [{ Key: DOMAIN_TAGS.bastionInstanceId, Value: 'i-0b4571011ba57e0a1' }],
        }),
      );
      expect(added.Tags).toEqual([{ Key: DOMAIN_TAGS.bastionInstanceId, Value: 'i-0b4571011ba57e0a1' }]);
      await sm.send(
        new AddTagsCommand({
          ResourceArn: domainArn,
          Tags: [{ Key: DOMAIN_TAGS.bastionInstanceId, Value: 'i-00000000000000001' }],
        }),
      );
      expect((await sm.send(new ListTagsCommand({ ResourceArn: domainArn }))).Tags).toEqual([
        { Key: DOMAIN_TAGS.bastionInstanceId, Value: 'i-00000000000000001' },
      ]);
      expect(emulator.snapshot().domains[0]?.tags).toEqual({
        [DOMAIN_TAGS.bastionInstanceId]: 'i-00000000000000001',
      });
      await sm.send(
        new DeleteTagsCommand({ ResourceArn: domainArn, TagKeys: [DOMAIN_TAGS.bastionInstanceId, 'absent'] }),
      );
      expect((await sm.send(new ListTagsCommand({ ResourceArn: domainArn }))).Tags).toEqual([]);

      const snapshot = emulator.snapshot().domains[0];
      for (const arn of [
        snapshot?.userProfiles[0]?.arn,
        `arn:aws:sagemaker:us-east-1:123456789012:space/${domainId}/nlp-lab`,
        snapshot?.apps[0]?.arn,
      ]) {
        await sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }));
        expect((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual([
          { Key: 'k', Value: 'v' },
        ]);
      }
    });

    it('pages through many tags and keeps to the limit of 50', async () => {
      const { sm, domainId } = studio;
      const arn = `arn:aws:sagemaker:us-east-1:123456789012:domain/${domainId}`;
      const tags = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
      await sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags(0, 30) }));
      await sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags(30, 20) }));
      const first = await sm.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 50 }));
      expect(first.Tags).toHaveLength(50);
      expect(first.NextToken).toBeUndefined();
      const err = await failure(() => sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags(50, 1) })));
      expect(err.name).toBe('ResourceLimitExceeded');
    });
  });
});
