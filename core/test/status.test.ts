import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type AppDetails,
  DeleteAppCommand,
  DeleteSpaceCommand,
  DescribeSpaceCommand,
  ListAppsCommand,
  ListSpacesCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseWith, StatusAllReport, StatusReport } from '@studio-teams/schema';
import { mockClient } from 'aws-sdk-client-mock';
import { contextFor } from '../src/context';
import { deleteSpaceAndFolder } from '../src/delete-space';
import { statusAllReport, statusReport } from '../src/status';

const sm = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  sm.reset();
  s3.reset();
});
afterAll(() => {
  sm.restore();
  s3.restore();
});

const now = new Date('2026-11-20T12:00:00Z');
const ctx = () =>
  contextFor(
    {
      sagemaker: new SageMakerClient({ region: 'us-east-1' }),
      s3: new S3Client({ region: 'us-east-1' }),
      ssm: new SSMClient({ region: 'us-east-1' }),
      sts: new STSClient({ region: 'us-east-1' }),
      secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
    },
    { id: 'd-1', name: 'datascience', arn: 'arn:aws:sagemaker:us-east-1:1:domain/d-1', region: 'us-east-1' },
    { now: () => now },
  );

/** Serves `items` 100 per page the way AWS does, NextToken being the next offset. */
function paged<T>(items: T[]) {
  return (input: { NextToken?: string; MaxResults?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.MaxResults ?? 10);
    return { items: items.slice(start, end), NextToken: end < items.length ? String(end) : undefined };
  };
}

const app = (i: number, over: Partial<AppDetails> = {}): AppDetails => ({
  DomainId: 'd-1',
  UserProfileName: `user-${i % 250}`,
  AppType: 'KernelGateway',
  AppName: `k-${i}`,
  Status: 'InService',
  CreationTime: new Date(now.getTime() - (i % 50) * 3600_000),
  ResourceSpec: { InstanceType: i % 7 === 0 ? 'ml.g6.xlarge' : 'ml.t3.medium' },
  ...over,
});

describe('statusAllReport', () => {
  it('uses one paged pass per kind: ceil(U/100)+ceil(S/100)+ceil(A/100) calls plus tags and the report', async () => {
    const users = Array.from({ length: 250 }, (_, i) => ({ DomainId: 'd-1', UserProfileName: `user-${i}` }));
    const spaces = Array.from({ length: 120 }, (_, i) => ({ DomainId: 'd-1', SpaceName: `space-${i}` }));
    const apps = [
      ...Array.from({ length: 430 }, (_, i) => app(i)),
      ...Array.from({ length: 20 }, (_, i) =>
        app(i, { SpaceName: `space-${i}`, UserProfileName: undefined, AppName: `s-${i}` }),
      ),
      app(1000, { Status: 'Deleted' }),
    ];
    sm.on(ListUserProfilesCommand).callsFake((input) => {
      const p = paged(users)(input);
      return { UserProfiles: p.items, NextToken: p.NextToken };
    });
    sm.on(ListSpacesCommand).callsFake((input) => {
      const p = paged(spaces)(input);
      return { Spaces: p.items, NextToken: p.NextToken };
    });
    sm.on(ListAppsCommand).callsFake((input) => {
      const p = paged(apps)(input);
      return { Apps: p.items, NextToken: p.NextToken };
    });
    const usage = {
      generatedAt: '2026-11-20T03:00:00Z',
      totalBytes: 99,
      profiles: { 'user-1': 42 },
      spaces: {},
    };
    s3.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => JSON.stringify(usage) },
    } as never);

    const { report, usageNote } = await statusAllReport(ctx());
    expect(usageNote).toBeUndefined();
    parseWith(StatusAllReport, report, 'status-all report');
    expect(sm.commandCalls(ListUserProfilesCommand)).toHaveLength(3);
    expect(sm.commandCalls(ListSpacesCommand)).toHaveLength(2);
    expect(sm.commandCalls(ListAppsCommand)).toHaveLength(5);
    expect(sm.commandCalls(ListTagsCommand)).toHaveLength(0);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'studio-teams-reports-1-us-east-1',
      Key: 'efs-usage/d-1.json',
    });
    expect(report.users).toHaveLength(250);
    expect(report.spaces).toHaveLength(120);
    expect(report.efs).toEqual({ reportGeneratedAt: usage.generatedAt, totalBytes: 99, unknownReason: null });
    expect(report.users.find((u) => u.name === 'user-1')?.efsBytes).toBe(42);
    expect(report.users.find((u) => u.name === 'user-2')?.efsBytes).toBeNull();
    const allApps = [...report.users, ...report.spaces].flatMap((o) => o.apps);
    expect(allApps).toHaveLength(450);
    expect(report.totals.unpricedApps).toBe(allApps.filter((a) => a.pricePerHour === null).length);
  });
});

describe('statusReport', () => {
  it("with includeOwnedSpaces adds the apps of the user's spaces", async () => {
    sm.on(ListSpacesCommand).resolves({
      Spaces: [
        { SpaceName: 'mine', OwnershipSettingsSummary: { OwnerUserProfileName: 'jane-doe' } },
        { SpaceName: 'other', OwnershipSettingsSummary: { OwnerUserProfileName: 'bob' } },
      ],
    });
    sm.on(ListAppsCommand).resolves({
      Apps: [
        app(1, { UserProfileName: 'jane-doe' }),
        app(2, { SpaceName: 'mine', UserProfileName: undefined }),
        app(3, { SpaceName: 'other', UserProfileName: undefined }),
        app(4, { UserProfileName: 'bob' }),
      ],
    });
    const report = await statusReport(ctx(), { userProfileName: 'jane-doe', includeOwnedSpaces: true });
    parseWith(StatusReport, report, 'status report');
    expect(report.apps.map((a) => a.appName).sort()).toEqual(['k-1', 'k-2']);
  });
});

describe('deleteSpaceAndFolder', () => {
  it('stops the apps, deletes the space, and explains why the folder stays without a bastion tag', async () => {
    let spaceGone = false;
    sm.on(DescribeSpaceCommand).callsFake(() => {
      if (spaceGone) throw Object.assign(new Error('Space does not exist'), { name: 'ResourceNotFound' });
      return { SpaceName: 'team', HomeEfsFileSystemUid: '200005', Status: 'InService' };
    });
    const js = app(1, {
      SpaceName: 'team',
      UserProfileName: undefined,
      AppType: 'JupyterLab',
      AppName: 'default',
    });
    sm.on(ListAppsCommand)
      .resolvesOnce({ Apps: [js] })
      .resolves({ Apps: [{ ...js, Status: 'Deleted' }] });
    sm.on(DeleteAppCommand).resolves({});
    sm.on(DeleteSpaceCommand).callsFake(() => {
      spaceGone = true;
      return {};
    });
    sm.on(ListTagsCommand).resolves({ Tags: [] });
    const result = await deleteSpaceAndFolder(ctx(), 'team', { pollMs: 1 });
    expect(result).toEqual({
      appsStopped: 1,
      efsFolder: {
        removed: false,
        uid: '200005',
        reason: expect.stringMatching(/no studio-teams:bastion-instance-id tag/),
      },
    });
    expect(sm.commandCalls(DeleteSpaceCommand)).toHaveLength(1);
  });

  it('says which space does not exist', async () => {
    sm.on(DescribeSpaceCommand).rejects(Object.assign(new Error('x'), { name: 'ResourceNotFound' }));
    await expect(deleteSpaceAndFolder(ctx(), 'nope')).rejects.toThrow(
      'no space named nope in domain datascience',
    );
  });
});
