import { IAMClient, CreateRoleCommand } from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SageMakerClient, ListDomainsCommand, AddTagsCommand } from '@aws-sdk/client-sagemaker';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { seedBastionConnection } from './bastion-connection';
import { DOMAIN_TAGS, usageReportLocation, type Seed, type UsageReport } from '@studio-teams/schema';

/**
 * The parts of the local Studio that live in moto rather than in the emulator's own state: the
 * caller's IAM role and assumed-role credentials (so `GetCallerIdentity` names the person, as on a
 * real laptop), the daily EFS usage report in S3 where the bastion would write it, and the domain tag
 * that tells laptops which instance the bastion is. Everything goes through the emulator's endpoint, as users' calls do.
 */
export interface LocalAwsEnv {
  AWS_ENDPOINT_URL: string;
  AWS_REGION: string;
  AWS_DEFAULT_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

// moto accepts any key; these only sign the seeding calls, never the user's.
const ADMIN_CREDENTIALS = { accessKeyId: 'local-admin', secretAccessKey: 'local-admin' };

export async function seedLocalAws(
  endpoint: string,
  seed: Seed,
  now: Date = new Date(),
): Promise<LocalAwsEnv> {
  const config = { endpoint, region: seed.region, credentials: ADMIN_CREDENTIALS, maxAttempts: 5 };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sagemaker = new SageMakerClient(config);
  try {
    // The original gave each person an IAM role named after them, assumed from their IAM user.
    await ignoreIf('EntityAlreadyExistsException', () =>
      iam.send(
        new CreateRoleCommand({
          RoleName: seed.caller,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${seed.accountId}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      ),
    );
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${seed.accountId}:role/${seed.caller}`,
        RoleSessionName: seed.caller,
        DurationSeconds: 12 * 3600,
      }),
    );
    const creds = assumed.Credentials;
    if (!creds?.AccessKeyId || !creds.SecretAccessKey || !creds.SessionToken) {
      throw new Error('moto returned no credentials for AssumeRole');
    }

    const { Domains = [] } = await sagemaker.send(new ListDomainsCommand({ MaxResults: 100 }));
    for (const domain of seed.domains) {
      const found = Domains.find((d) => d.DomainName === domain.name);
      if (!found?.DomainArn || !found.DomainId)
        throw new Error(`the emulator has no domain "${domain.name}": was it started with this seed?`);
      const report = domain.usageReport;
      if (report) {
        const where = usageReportLocation(seed.accountId, seed.region, found.DomainId);
        await ignoreIf('BucketAlreadyOwnedByYou', () =>
          s3.send(new CreateBucketCommand({ Bucket: where.bucket })),
        );
        const body: UsageReport = {
          generatedAt: new Date(now.getTime() - report.generatedHoursAgo * 3600_000).toISOString(),
          totalBytes: [...Object.values(report.profiles), ...Object.values(report.spaces)].reduce(
            (a, b) => a + b,
            0,
          ),
          profiles: report.profiles,
          spaces: report.spaces,
        };
        await s3.send(
          new PutObjectCommand({
            Bucket: where.bucket,
            Key: where.key,
            Body: JSON.stringify(body),
            ContentType: 'application/json',
          }),
        );
      }
      await sagemaker.send(
        new AddTagsCommand({
          ResourceArn: found.DomainArn,
          Tags: [{ Key: DOMAIN_TAGS.bastionInstanceId, Value: seed.bastionInstanceId }],
        }),
      );
    }

    await seedBastionConnection(config, seed.bastionInstanceId);

    return {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: seed.region,
      AWS_DEFAULT_REGION: seed.region,
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    };
  } finally {
    for (const client of [iam, sts, s3, sagemaker]) client.destroy();
  }
}

async function ignoreIf(errorName: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if ((err as { name?: string }).name !== errorName) throw err;
  }
}
