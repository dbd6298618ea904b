import fs from 'node:fs';
import { Annotations, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ARTIFACTS_MANIFEST_KEY, artifactsBucketName } from '@studio-teams/schema';

export interface TeamBucketsProps {
  /** The account and region the fixed bucket names are made from. */
  readonly account: string;
  readonly region: string;
  /** The reports bucket (`usageReportLocation(...).bucket`): bastion's EFS report, police's address book. */
  readonly reportsBucketName: string;
  /** `dist/artifacts` from scripts/artifacts/build.sh; skipped with a warning when absent. */
  readonly artifactsDir: string;
  /** Empty the buckets when the stack is deleted (follows the home EFS retention). */
  readonly destroyOnDelete: boolean;
}

const ACCESS_LOGS_REASON =
  'Access logging would need a further bucket per team for low-value reads; every write comes from ' +
  'CloudFormation, the bastion role or the police, and CloudTrail records the API calls.';

/** The artifacts bucket the lifecycle scripts install from, the reports bucket, the sharing bucket. */
export class TeamBuckets extends Construct {
  readonly artifacts: IBucket;
  readonly reports: IBucket;
  /** Where Studio's "share notebook" snapshots go. */
  readonly sharing: IBucket;
  /** Whether the built artifacts were found and are deployed. */
  readonly artifactsDeployed: boolean;

  constructor(scope: Construct, id: string, props: TeamBucketsProps) {
    super(scope, id);
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: props.destroyOnDelete,
    };
    this.artifacts = new Bucket(this, 'Artifacts', {
      ...common,
      // A fixed name: the container derives it from the account and region in Studio's metadata.
      bucketName: artifactsBucketName(props.account, props.region),
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.reports = new Bucket(this, 'Reports', { ...common, bucketName: props.reportsBucketName });
    this.sharing = new Bucket(this, 'Sharing', {
      ...common,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    for (const bucket of [this.artifacts, this.reports, this.sharing]) {
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: ACCESS_LOGS_REASON });
    }

    this.artifactsDeployed = fs.existsSync(`${props.artifactsDir}/${ARTIFACTS_MANIFEST_KEY}`);
    if (this.artifactsDeployed) {
      new BucketDeployment(this, 'DeployArtifacts', {
        sources: [Source.asset(props.artifactsDir)],
        destinationBucket: this.artifacts,
        // Versioned keys: earlier builds stay for containers that are installing them right now.
        prune: false,
        memoryLimit: 512,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'studio-teams:no-artifacts',
        `no built artifacts at ${props.artifactsDir} (run scripts/artifacts/build.sh): the artifacts bucket ` +
          'is made but left empty, so the lifecycle scripts have nothing to install yet',
      );
    }
  }
}
