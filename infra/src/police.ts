import path from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { POLICE_ADDRESS_BOOK_KEY, type TeamConfig, teamMembers } from '@studio-teams/schema';
import { REPO_ROOT } from './repo-root';

export interface PoliceProps {
  /** Admin, email domain, people, schedule, thresholds, SES sandbox, dry run. */
  readonly config: TeamConfig;
  /** The domain id (a CloudFormation token). */
  readonly domainId: string;
  /** Holds the address book (`POLICE_ADDRESS_BOOK_KEY`) beside the usage reports. */
  readonly reportsBucket: IBucket;
}

/**
 * The police: a Node 22 Lambda run by an EventBridge schedule; its logic is core's `police` module.
 * Also the admin's SES identity (when not a person's) and the address book.
 */
export class Police extends Construct {
  readonly fn: NodejsFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: PoliceProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const book = Object.fromEntries(teamMembers(config).map((m) => [m.profile, m.user.email]));

    // Each person's identity is made with them (TeamMember); the admin's here unless they are one.
    if (!config.users.some((u) => u.email === config.adminEmail)) {
      new CfnEmailIdentity(this, 'AdminIdentity', { emailIdentity: config.adminEmail });
    }

    const deployBook = new BucketDeployment(this, 'AddressBook', {
      sources: [Source.jsonData(POLICE_ADDRESS_BOOK_KEY, book)],
      destinationBucket: props.reportsBucket,
      // The bucket also holds the bastion's usage reports: never prune them.
      prune: false,
    });

    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'infra', 'src', 'police', 'handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      timeout: Duration.minutes(5),
      memorySize: 512,
      logGroup,
      description: 'Studio for Teams police: emails the owners of long-running Studio apps',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POLICE_DOMAIN_ID: props.domainId,
        POLICE_DOMAIN_NAME: config.domainName,
        POLICE_ADMIN_EMAIL: config.adminEmail,
        POLICE_EMAIL_DOMAIN: config.emailDomain,
        POLICE_RULES: JSON.stringify({
          cheapFamilies: config.police.cheapFamilies,
          cheapMaxHours: config.police.cheapMaxHours,
          otherMaxHours: config.police.otherMaxHours,
          nearFraction: 0.8,
        }),
        POLICE_SES_SANDBOX: String(config.police.sesSandbox),
        POLICE_DRY_RUN: String(config.police.dryRun),
        POLICE_ADDRESS_BOOK_BUCKET: props.reportsBucket.bucketName,
        POLICE_ADDRESS_BOOK_KEY,
      },
      bundling: {
        // Local esbuild, no Docker; the workspaces bundled from their sources, never a stale dist/.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: false,
        target: 'node22',
        esbuildArgs: {
          '--alias:@studio-teams/core': path.join(REPO_ROOT, 'core', 'src'),
          '--alias:@studio-teams/schema': path.join(REPO_ROOT, 'schema', 'src'),
        },
      },
    });
    this.fn.node.addDependency(deployBook);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadStudio',
        actions: ['sagemaker:ListUserProfiles', 'sagemaker:ListSpaces', 'sagemaker:ListApps'],
        resources: ['*'],
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendAsAdmin',
        actions: ['ses:SendEmail'],
        resources: [`arn:${stack.partition}:ses:${config.region}:${config.account}:identity/*`],
        conditions: { StringEquals: { 'ses:FromAddress': config.adminEmail } },
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'CheckVerification',
        actions: ['ses:GetIdentityVerificationAttributes'],
        resources: ['*'],
      }),
    );
    props.reportsBucket.grantRead(this.fn, POLICE_ADDRESS_BOOK_KEY);

    this.rule = new Rule(this, 'Schedule', {
      description: 'Runs the Studio for Teams police',
      schedule: Schedule.expression(config.police.schedule),
      targets: [new LambdaFunction(this.fn, { retryAttempts: 2 })],
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The standard policy that lets the function write its own log group.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'Node 22 is the runtime the police is built and tested for; moved on deliberately.',
      },
    );
  }
}
