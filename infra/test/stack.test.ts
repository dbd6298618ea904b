/**
 * The CDK app from a full team config, synthesized once and shared by the assertions: one describe per
 * construct, then the checks that hold for the whole template (cdk-nag, cfn-lint).
 */
import { execFile } from 'node:child_process';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createClients } from '@studio-teams/core';
import { startTestStudio } from '@studio-teams/emulator';
import type { Seed } from '@studio-teams/schema';
import fs from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import {
  artifactsBucketName,
  BASTION_CONNECTION_SECRET,
  DOMAIN_TAGS,
  POLICE_ADDRESS_BOOK_KEY,
  usageReportLocation,
  USER_PROFILE_TAGS,
} from '@studio-teams/schema';
import { REPO_ROOT } from '../src/repo-root';
import { evaluate, resolveIntrinsics, type Statement } from './iam-evaluator';
import { artifactsFixture, cfnLint, config, lifecycleFixture, synth, type Synth } from './synth';

/** Three people; only bob has an app past its limit (an m5 for 30 hours). */
const POLICE_SEED: Seed = {
  accountId: '123456789012',
  region: 'us-east-1',
  caller: 'ada.admin',
  bastionInstanceId: 'i-0b4571011ba57e0a1',
  domains: [
    {
      name: 'datascience',
      users: [{ person: 'ada.admin' }, { person: 'bob.builder' }, { person: 'carol' }],
      spaces: [],
      apps: [
        { user: 'ada-admin', type: 'JupyterServer', instanceType: 'system', ageHours: 300 },
        { user: 'bob-builder', type: 'KernelGateway', instanceType: 'ml.m5.large', ageHours: 30 },
        { user: 'carol', type: 'KernelGateway', instanceType: 'ml.t3.medium', ageHours: 30 },
      ],
    },
  ],
};

let s: Synth;
const lifecycleDir = lifecycleFixture();

beforeAll(() => {
  s = synth(config(), { lifecycleDir, artifactsDir: artifactsFixture() });
}, 120_000);

const resourcesOf = (type: string) =>
  Object.entries(s.json.Resources).filter(([, r]) => r.Type === type) as [
    string,
    { Properties: Record<string, unknown> },
  ][];

/** The SDK call of an AwsCustomResource, references shown as `<Logical.Attr>`. */
function sdkCall(value: unknown): Record<string, unknown> {
  const flat = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Ref' in o) return `<${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(flat).join(sep);
  };
  return JSON.parse(flat(value)) as Record<string, unknown>;
}

describe('Network', () => {
  test('a VPC as the original: a public and a private subnet per AZ, one NAT gateway', () => {
    s.template.resourceCountIs('AWS::EC2::VPC', 1);
    s.template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    s.template.resourceCountIs('AWS::EC2::Subnet', 4);
    s.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    s.template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'eu-west-1a',
      MapPublicIpOnLaunch: false,
    });
  });
});

describe('StudioDomain', () => {
  test("IAM auth, identity by profile name, Docker, idle shutdown, the apps' lifecycle configs, tags", () => {
    s.template.hasResourceProperties('AWS::SageMaker::Domain', {
      DomainName: 'datascience',
      AuthMode: 'IAM',
      DomainSettings: {
        ExecutionRoleIdentityConfig: 'USER_PROFILE_NAME',
        DockerSettings: { EnableDockerAccess: 'ENABLED' },
      },
      DefaultUserSettings: Match.objectLike({
        JupyterLabAppSettings: Match.objectLike({
          AppLifecycleManagement: {
            IdleSettings: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 120 },
          },
          DefaultResourceSpec: Match.objectLike({
            InstanceType: 'ml.t3.medium',
            LifecycleConfigArn: Match.anyValue(),
          }),
          LifecycleConfigArns: [Match.anyValue()],
        }),
        JupyterServerAppSettings: Match.objectLike({
          DefaultResourceSpec: Match.objectLike({ InstanceType: 'system' }),
        }),
        KernelGatewayAppSettings: Match.objectLike({ LifecycleConfigArns: [Match.anyValue()] }),
        SharingSettings: Match.objectLike({ NotebookOutputOption: 'Allowed' }),
      }),
      DefaultSpaceSettings: Match.objectLike({ JupyterLabAppSettings: Match.anyValue() }),
      Tags: Match.arrayWith([
        { Key: DOMAIN_TAGS.bastionInstanceId, Value: { Ref: Match.stringLikeRegexp('^BastionInstance') } },
        { Key: DOMAIN_TAGS.gitProviderHost, Value: 'gitlab.example.com' },
      ]),
    });
  });

  test('home EFS retention is applied by DeleteDomain when the stack goes, after the profiles', () => {
    const [, domain] = resourcesOf('AWS::SageMaker::Domain')[0]!;
    expect((domain as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
    const [id, retention] = Object.entries(s.json.Resources).find(
      ([k, r]) => r.Type === 'Custom::AWS' && k.startsWith('StudioHomeRetention'),
    )!;
    expect(sdkCall(retention.Properties?.Delete)).toMatchObject({
      action: 'deleteDomain',
      parameters: {
        DomainId: '<StudioDomain20F5E462.DomainId>',
        RetentionPolicy: { HomeEfsFileSystem: 'Delete' },
      },
    });
    // Never replaced (a replacement would run the old resource's delete, i.e. DeleteDomain).
    for (const phase of ['Create', 'Update']) {
      expect(sdkCall(retention.Properties?.[phase])).toMatchObject({
        action: 'describeDomain',
        physicalResourceId: { id: 'studio-teams-home-retention' },
      });
    }
    for (const [, profile] of resourcesOf('AWS::SageMaker::UserProfile')) {
      expect((profile as unknown as { DependsOn: string[] }).DependsOn).toContain(id);
    }
  });
});

describe('LifecycleConfigs', () => {
  test('one config per app type, the script as Studio wants it (base64)', () => {
    s.template.resourceCountIs('AWS::SageMaker::StudioLifecycleConfig', 4);
    const script = fs.readFileSync(path.join(lifecycleDir, 'dist', 'jupyterlab.sh'));
    s.template.hasResourceProperties('AWS::SageMaker::StudioLifecycleConfig', {
      StudioLifecycleConfigAppType: 'JupyterLab',
      StudioLifecycleConfigContent: script.toString('base64'),
    });
  });
});

describe('TeamMember', () => {
  test('a profile per person, `.` -> `-`, tagged with the git identity, with their own execution role', () => {
    s.template.resourceCountIs('AWS::SageMaker::UserProfile', 3);
    s.template.hasResourceProperties('AWS::SageMaker::UserProfile', {
      UserProfileName: 'bob-builder',
      Tags: Match.arrayWith([
        { Key: USER_PROFILE_TAGS.email, Value: 'bob.builder@example.com' },
        { Key: USER_PROFILE_TAGS.gitUserName, Value: 'bob.builder' },
      ]),
      UserSettings: {
        ExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Member1ExecutionRole'), 'Arn'] },
      },
    });
  });

  test('the laptop role is named after the person and assumable only by their IAM user, as themselves', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'bob.builder',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { AWS: 'arn:aws:iam::123456789012:user/bob.builder' },
            Condition: { StringEquals: { 'sts:RoleSessionName': 'bob.builder' } },
          }),
        ],
      },
    });
  });

  test('the execution role trusts SageMaker (with source identity) and SSM', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'ssm.amazonaws.com' } }),
          Match.objectLike({
            Action: 'sts:SetSourceIdentity',
            Principal: { Service: 'sagemaker.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  test("each person's GitLab secret, named as the original named it", () => {
    for (const name of ['gitlab-ada-admin', 'gitlab-bob-builder', 'gitlab-carol']) {
      s.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: name, SecretString: '{}' });
    }
  });
});

describe('TeamBuckets', () => {
  test('the artifacts bucket at its fixed name, with the built artifacts deployed (never pruned)', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: artifactsBucketName('123456789012', 'eu-west-1'),
    });
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'studio-teams-reports-123456789012-eu-west-1',
    });
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^BucketsArtifacts') },
      Prune: false,
    });
  });

  test('every bucket blocks public access, is encrypted and refuses plain HTTP', () => {
    for (const [, bucket] of resourcesOf('AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('Bastion', () => {
  test('SSM-managed, no inbound rule, IMDSv2, encrypted disk', () => {
    s.template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      BlockDeviceMappings: [
        { DeviceName: '/dev/sda1', Ebs: Match.objectLike({ Encrypted: true, VolumeSize: 120 }) },
      ],
    });
    const [, sg] = resourcesOf('AWS::EC2::SecurityGroup').find(([k]) =>
      k.startsWith('BastionSecurityGroup'),
    )!;
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    s.template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
    });
    s.template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore'],
          ],
        },
      ]),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      },
    });
  });

  test('user data: Docker, the EFS mount, a weekly-old docker prune and the daily usage report', () => {
    const [, instance] = resourcesOf('AWS::EC2::Instance')[0]!;
    const userData = Buffer.from(
      (instance.Properties.UserData as { 'Fn::Base64': string })['Fn::Base64'],
      'utf8',
    ).toString();
    expect(userData).toContain('apt-get install -yq docker.io nfs-common');
    expect(userData).toContain('17 3 * * * root docker system prune -af --filter until=168h');
    expect(userData).toContain('/usr/local/sbin/studio-teams-usage-report');
    expect(userData).toContain('s3://studio-teams-reports-123456789012-eu-west-1/efs-usage/{domainId}.json');
    expect(userData).toMatch(/mount -t nfs4 .*\.efs\.eu-west-1\.amazonaws\.com:\/" \/mnt\/efs/);
    expect(userData).toContain(`--secret-id ${BASTION_CONNECTION_SECRET}`);
  });

  test("NFS from the bastion into the domain's inbound-NFS group, wired by CloudFormation", () => {
    s.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 2049,
      ToPort: 2049,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BastionSecurityGroup'), 'GroupId'] },
      GroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^BastionDomainNfsGroup'), 'SecurityGroups.0.GroupId'],
      },
    });
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: BASTION_CONNECTION_SECRET });
  });
});

describe('Police', () => {
  test('a Node 22 Lambda on an EventBridge schedule, told the domain, admin and rules', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({
          POLICE_DOMAIN_ID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StudioDomain'), 'DomainId'] },
          POLICE_ADMIN_EMAIL: 'ada.admin@example.com',
          POLICE_RULES: JSON.stringify({
            cheapFamilies: ['t3'],
            cheapMaxHours: 120,
            otherMaxHours: 24,
            nearFraction: 0.8,
          }),
          POLICE_ADDRESS_BOOK_KEY,
          POLICE_SES_SANDBOX: 'true',
        }),
      },
    });
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PoliceFunction'), 'Arn'] } }),
      ],
    });
  });

  test('an SES identity per distinct address (admin included once) and the address book deployed', () => {
    s.template.resourceCountIs('AWS::SES::EmailIdentity', 3);
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^BucketsReports') },
      Prune: false,
    });
  });

  test('the bundled handler runs: a dry run against the local AWS, with the environment the stack gives it', async () => {
    const [, fn] = resourcesOf('AWS::Lambda::Function').find(([k]) => k.startsWith('PoliceFunction'))!;
    const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const bundle = path.join(s.outdir, `asset.${key}`, 'index.js');
    const studio = await startTestStudio({ seed: POLICE_SEED, strict: false });
    try {
      const { clients } = createClients({ env: studio.env });
      const reports = usageReportLocation('123456789012', 'us-east-1', 'x').bucket;
      await clients.s3.send(new CreateBucketCommand({ Bucket: reports }));
      const book = {
        'ada-admin': 'ada.admin@example.com',
        'bob-builder': 'bob.builder@example.com',
        carol: 'carol@example.com',
      };
      await clients.s3.send(
        new PutObjectCommand({ Bucket: reports, Key: POLICE_ADDRESS_BOOK_KEY, Body: JSON.stringify(book) }),
      );
      for (const c of Object.values(clients)) c.destroy();
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const env = {
        ...studio.env,
        // The Lambda runtime provides the AWS SDK the bundle leaves out; here the repository's does.
        NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
        ...Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string')),
        POLICE_DOMAIN_ID: studio.emulator.domainId('datascience'),
        POLICE_ADDRESS_BOOK_BUCKET: reports,
        POLICE_SES_SANDBOX: 'false',
      };
      const script = `require(${JSON.stringify(bundle)}).handler({ dryRun: true }).then((r) => process.stdout.write('RESULT' + JSON.stringify(r)))`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env, encoding: 'utf8' }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      const result = JSON.parse(out.slice(out.indexOf('RESULT') + 6)) as {
        dryRun: boolean;
        emails: { to: string; cc: string[]; body: string }[];
      };
      expect(result.dryRun).toBe(true);
      expect(result.emails.map((e) => [e.to, e.cc])).toEqual([
        ['bob.builder@example.com', ['ada.admin@example.com']],
      ]);
      expect(result.emails[0]!.body).toContain('sm-studio down');
    } finally {
      await studio.close();
    }
  }, 60_000);
});

describe('SsmAdvancedTier', () => {
  test('turns on the advanced activation tier when classic SSH is on', () => {
    const tier = Object.entries(s.json.Resources).find(([k]) => k.startsWith('SsmAdvancedTier'));
    expect(sdkCall(tier?.[1].Properties?.Create)).toMatchObject({
      service: 'SSM',
      action: 'updateServiceSetting',
      parameters: {
        SettingId:
          'arn:<AWS::Partition>:ssm:eu-west-1:123456789012:servicesetting/ssm/managed-instance/activation-tier',
        SettingValue: 'advanced',
      },
    });
  });
});

describe('the whole template', () => {
  test('cdk-nag AwsSolutions: synth passed with no finding left, and every acknowledgement has a reason', () => {
    const report = JSON.parse(fs.readFileSync(path.join(s.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    for (const plugin of report.pluginReports)
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({
        plugin: plugin.pluginName,
        violations: [],
      });
    const acknowledged = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, { reason?: string } | string>));
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const [id, entry] of acknowledged) {
      const reason = typeof entry === 'string' ? entry : entry.reason;
      expect({ id, reason: (reason ?? '').length > 20 }).toEqual({ id, reason: true });
    }
  });

  test('cfn-lint finds no error in any synthesized template', () => {
    const { templates, findings } = cfnLint(s.outdir);
    expect(templates.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.Level === 'Error')).toEqual([]);
  }, 60_000);
});

describe('IAM: what each person may do, evaluated over the synthesized policies', () => {
  const DOMAIN = 'd-team0000001';
  const ARN = 'arn:aws:sagemaker:eu-west-1:123456789012';
  const values = (name: string): string | undefined =>
    ({ 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '123456789012' })[name] ??
    (/^StudioDomain[0-9A-F]+\.DomainId$/.test(name) ? DOMAIN : `<${name}>`);
  const statementsOf = (logicalPrefix: string, type: string): Statement[] =>
    Object.entries(s.json.Resources)
      .filter(([k, r]) => k.startsWith(logicalPrefix) && r.Type === type)
      .flatMap(([, r]) => {
        const doc = resolveIntrinsics(r.Properties?.PolicyDocument, values) as { Statement: Statement[] };
        return doc.Statement;
      });
  /**
   * The parts of AmazonSageMakerFullAccess that matter here: SageMaker on everything, any role passed
   * to SageMaker, SageMaker's secrets.
   */
  const SAGEMAKER_FULL_ACCESS: Statement[] = [
    { Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::*:role/*',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: 'arn:aws:secretsmanager:*:*:secret:AmazonSageMaker-*',
    },
  ];
  // Member0 is ada (admin), Member1 bob, Member2 carol.
  const laptop = (member: number) => statementsOf(`Member${member}Policy`, 'AWS::IAM::ManagedPolicy');
  const container = (member: number) => [
    ...laptop(member),
    ...SAGEMAKER_FULL_ACCESS,
    ...statementsOf(`Member${member}ExecutionRoleDefaultPolicy`, 'AWS::IAM::Policy'),
  ];
  const ADA = 0;
  const BOB = 1;
  const app = (profile: string) => `${ARN}:app/${DOMAIN}/${profile}/KernelGateway/datascience-ml-m5-large-1`;
  const deleteApp = (profile: string, context?: Record<string, string>) => ({
    action: 'sagemaker:DeleteApp',
    resource: app(profile),
    ...(context ? { context } : {}),
  });

  test('the policies were found and resolved', () => {
    expect(laptop(BOB).length).toBeGreaterThan(8);
    expect(JSON.stringify(laptop(BOB))).toContain(`user-profile/${DOMAIN}/bob-builder`);
  });

  test("bob stops his own apps, not carol's, even from a container with AmazonSageMakerFullAccess", () => {
    for (const statements of [laptop(BOB), container(BOB)]) {
      expect(evaluate(statements, deleteApp('bob-builder'))).toBe('allow');
      expect(evaluate(statements, deleteApp('carol'))).not.toBe('allow');
    }
    expect(evaluate(container(BOB), deleteApp('carol'))).toBe('explicit-deny');
  });

  test("an admin stops anyone's apps", () => {
    expect(evaluate(laptop(ADA), deleteApp('carol'))).toBe('allow');
    expect(evaluate(container(ADA), deleteApp('bob-builder'))).toBe('allow');
  });

  test("spaces: anyone stops a shared space's apps; a private space's only its owner (and admins)", () => {
    const shared = {
      'sagemaker:SpaceSharingType': 'Shared',
      'sagemaker:OwnerUserProfileArn': `${ARN}:user-profile/${DOMAIN}/carol`,
    };
    const carolsPrivate = { ...shared, 'sagemaker:SpaceSharingType': 'Private' };
    expect(evaluate(laptop(BOB), deleteApp('team-space', shared))).toBe('allow');
    expect(evaluate(container(BOB), deleteApp('carols-space', carolsPrivate))).toBe('explicit-deny');
    const bobsPrivate = {
      ...carolsPrivate,
      'sagemaker:OwnerUserProfileArn': `${ARN}:user-profile/${DOMAIN}/bob-builder`,
    };
    expect(evaluate(laptop(BOB), deleteApp('bobs-space', bobsPrivate))).toBe('allow');
    expect(evaluate(laptop(ADA), deleteApp('carols-space', carolsPrivate))).toBe('allow');
  });

  test("bob opens his own Studio, not carol's; an admin opens anyone's", () => {
    const open = (profile: string) => ({
      action: 'sagemaker:CreatePresignedDomainUrl',
      resource: `${ARN}:user-profile/${DOMAIN}/${profile}`,
    });
    expect(evaluate(laptop(BOB), open('bob-builder'))).toBe('allow');
    expect(evaluate(container(BOB), open('carol'))).toBe('explicit-deny');
    expect(evaluate(laptop(ADA), open('carol'))).toBe('allow');
  });

  test("bob reads his own GitLab secret, not carol's; a PAT is its owner's alone, admins included", () => {
    const read = (profile: string) => ({
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab-${profile}-AbC123`,
    });
    expect(evaluate(container(BOB), read('bob-builder'))).toBe('allow');
    expect(evaluate(container(BOB), read('carol'))).toBe('implicit-deny');
    expect(evaluate(laptop(BOB), read('carol'))).toBe('implicit-deny');
    // A secret whose name only starts like bob's (gitlab-bob-builder-x-…) is not his.
    expect(evaluate(laptop(BOB), read('bob-builder-x'))).toBe('implicit-deny');
    expect(evaluate(container(ADA), read('carol'))).toBe('implicit-deny');
  });

  test('SSH: own key parameter, own containers by the owner tag; admins reach any container', () => {
    const keys = (profile: string) => ({
      action: 'ssm:PutParameter',
      resource: `arn:aws:ssm:eu-west-1:123456789012:parameter/studio-teams/ssh/${profile}/public-keys`,
    });
    expect(evaluate(laptop(BOB), keys('bob-builder'))).toBe('allow');
    expect(evaluate(laptop(BOB), keys('carol'))).toBe('implicit-deny');
    const session = (owner: string) => ({
      action: 'ssm:StartSession',
      resource: 'arn:aws:ssm:eu-west-1:123456789012:managed-instance/mi-0123456789abcdef0',
      context: { 'ssm:resourceTag/owner': owner },
    });
    expect(evaluate(laptop(BOB), session('bob-builder'))).toBe('allow');
    expect(evaluate(laptop(BOB), session('carol'))).toBe('implicit-deny');
    expect(evaluate(laptop(ADA), session('carol'))).toBe('allow');
  });

  test('commands on the bastion (root over every home) are for admins only', () => {
    const bastionId = resourcesOf('AWS::EC2::Instance')[0]![0];
    const command = {
      action: 'ssm:SendCommand',
      resource: `arn:aws:ec2:eu-west-1:123456789012:instance/<${bastionId}>`,
    };
    expect(evaluate(laptop(ADA), command)).toBe('allow');
    expect(evaluate(laptop(BOB), command)).toBe('implicit-deny');
    expect(evaluate(container(BOB), command)).toBe('implicit-deny');
  });

  test("remote access to a space: shared ones and one's own", () => {
    const start = (context: Record<string, string>) => ({
      action: 'sagemaker:StartSession',
      resource: `${ARN}:space/${DOMAIN}/some-space`,
      context,
    });
    const owner = (p: string) => `${ARN}:user-profile/${DOMAIN}/${p}`;
    expect(
      evaluate(
        laptop(BOB),
        start({ 'sagemaker:SpaceSharingType': 'Shared', 'sagemaker:OwnerUserProfileArn': owner('carol') }),
      ),
    ).toBe('allow');
    expect(
      evaluate(
        laptop(BOB),
        start({
          'sagemaker:SpaceSharingType': 'Private',
          'sagemaker:OwnerUserProfileArn': owner('bob-builder'),
        }),
      ),
    ).toBe('allow');
    expect(
      evaluate(
        laptop(BOB),
        start({ 'sagemaker:SpaceSharingType': 'Private', 'sagemaker:OwnerUserProfileArn': owner('carol') }),
      ),
    ).toBe('implicit-deny');
  });

  test('the cost panel may read prices; nobody may pass a role but their own', () => {
    expect(evaluate(laptop(BOB), { action: 'pricing:GetProducts', resource: '*' })).toBe('allow');
    const pass = (member: number) => ({
      action: 'iam:PassRole',
      resource: `<Member${member}ExecutionRole.Arn>`,
      context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
    });
    const bobsRole = statementsOf('Member1ExecutionRoleDefaultPolicy', 'AWS::IAM::Policy');
    const passed = JSON.stringify(bobsRole);
    expect(passed).toMatch(/<Member1ExecutionRole[0-9A-F]+\.Arn>/);
    const ownRole = /<Member1ExecutionRole[0-9A-F]+\.Arn>/.exec(passed)![0];
    expect(evaluate(container(BOB), { ...pass(1), resource: ownRole })).toBe('allow');
    expect(evaluate(container(BOB), pass(2))).not.toBe('allow');
    // AmazonSageMakerFullAccess passes any role to SageMaker: a job with ada's role would run as ada.
    const toSageMaker = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
    const adasRole = 'arn:aws:iam::123456789012:role/StudioTeams-Member0ExecutionRole-AbC';
    expect(
      evaluate(container(BOB), { action: 'iam:PassRole', resource: adasRole, context: toSageMaker }),
    ).toBe('explicit-deny');
    expect(evaluate(container(BOB), { ...pass(1), resource: ownRole, context: toSageMaker })).toBe('allow');
    const spaces = [
      ...SAGEMAKER_FULL_ACCESS,
      ...statementsOf('StudioDefaultExecutionRoleDefaultPolicy', 'AWS::IAM::Policy'),
    ];
    expect(evaluate(spaces, { action: 'iam:PassRole', resource: adasRole, context: toSageMaker })).toBe(
      'explicit-deny',
    );
  });

  test("the execution role reads its own gitlab secret and the bastion's, never another person's", () => {
    const read = (name: string) => ({
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbC123`,
    });
    expect(evaluate(container(BOB), read('gitlab-bob-builder'))).toBe('allow');
    expect(evaluate(container(BOB), read(BASTION_CONNECTION_SECRET))).toBe('allow');
    expect(evaluate(container(BOB), read('gitlab-carol'))).not.toBe('allow');
    for (const action of ['PutSecretValue', 'CreateSecret', 'DescribeSecret'])
      expect(
        evaluate(container(BOB), { ...read('gitlab-bob-builder'), action: `secretsmanager:${action}` }),
      ).toBe('allow');
    expect(
      evaluate(container(BOB), { ...read('gitlab-carol'), action: 'secretsmanager:PutSecretValue' }),
    ).not.toBe('allow');
  });

  test('every call the container and laptop code make is allowed for its owner', () => {
    const artifactsArn = () => /<BucketsArtifacts[0-9A-F]+\.Arn>/.exec(JSON.stringify(laptop(BOB)))![0];
    const own = `${ARN}:user-profile/${DOMAIN}/bob-builder`;
    const calls: [string, string, Record<string, string>?][] = [
      ['sagemaker:DescribeDomain', `${ARN}:domain/${DOMAIN}`],
      ['sagemaker:ListTags', `${ARN}:domain/${DOMAIN}`],
      ['sagemaker:DescribeUserProfile', own],
      ['sagemaker:DescribeSpace', `${ARN}:space/${DOMAIN}/team`],
      ['sagemaker:ListApps', '*'],
      ['sagemaker:ListSpaces', '*'],
      ['sagemaker:CreatePresignedDomainUrl', own],
      ['sagemaker:DeleteApp', app('bob-builder')],
      ['sagemaker:UpdateSpace', `${ARN}:space/${DOMAIN}/team`, { 'sagemaker:SpaceSharingType': 'Shared' }],
      [
        'sagemaker:UpdateSpace',
        `${ARN}:space/${DOMAIN}/mine`,
        { 'sagemaker:SpaceSharingType': 'Private', 'sagemaker:OwnerUserProfileArn': own },
      ],
      ['ssm:CreateActivation', '*', { 'aws:RequestTag/owner': 'bob-builder' }],
      ['ssm:DescribeInstanceInformation', '*'],
      [
        'ssm:GetParameter',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/studio-teams/ssh/bob-builder/public-keys',
      ],
      [
        'ssm:PutParameter',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/studio-teams/ssh/bob-builder/public-keys',
      ],
      ['ssm:StartSession', 'arn:aws:ssm:eu-west-1::document/AWS-StartSSHSession'],
      ['ssm:TerminateSession', 'arn:aws:ssm:eu-west-1:123456789012:session/AROAEXAMPLE:bob-builder-0abc'],
      ['pricing:GetProducts', '*'],
      ['s3:GetObject', `${artifactsArn()}/studio-teams/manifest.json`],
    ];
    const bobsUserId = { 'aws:userid': 'AROAEXAMPLE:bob-builder' };
    for (const [action, resource, context] of calls) {
      const request = { action, resource, context: { ...bobsUserId, ...context } };
      for (const statements of [laptop(BOB), container(BOB)])
        expect([action, resource, evaluate(statements, request)]).toEqual([action, resource, 'allow']);
    }
  });

  test("a non-admin changes no profile but their own, nor the domain, nor another's private space", () => {
    const carolsSpace = {
      action: 'sagemaker:UpdateSpace',
      resource: `${ARN}:space/${DOMAIN}/carols`,
      context: {
        'sagemaker:SpaceSharingType': 'Private',
        'sagemaker:OwnerUserProfileArn': `${ARN}:user-profile/${DOMAIN}/carol`,
      },
    };
    expect(evaluate(container(BOB), carolsSpace)).toBe('explicit-deny');
    expect(evaluate(container(BOB), { ...carolsSpace, action: 'sagemaker:DeleteSpace' })).toBe(
      'explicit-deny',
    );
    expect(evaluate(laptop(ADA), carolsSpace)).toBe('allow');
    const profile = (p: string) => `${ARN}:user-profile/${DOMAIN}/${p}`;
    expect(
      evaluate(container(BOB), { action: 'sagemaker:UpdateUserProfile', resource: profile('carol') }),
    ).toBe('explicit-deny');
    expect(
      evaluate(container(BOB), { action: 'sagemaker:UpdateDomain', resource: `${ARN}:domain/${DOMAIN}` }),
    ).toBe('explicit-deny');
    // The git provider tag: a retagged domain would point everyone's credential helper elsewhere.
    const tag = (resource: string) => ({ action: 'sagemaker:AddTags', resource });
    expect(evaluate(container(BOB), tag(`${ARN}:domain/${DOMAIN}`))).toBe('explicit-deny');
    expect(evaluate(container(BOB), tag(profile('carol')))).toBe('explicit-deny');
    expect(evaluate(container(BOB), tag(`${ARN}:space/${DOMAIN}/team`))).toBe('allow');
    // The role shared spaces run with: no user's app, no private space, no profile.
    const spaces = [
      ...SAGEMAKER_FULL_ACCESS,
      ...statementsOf('StudioDefaultExecutionRoleDefaultPolicy', 'AWS::IAM::Policy'),
    ];
    expect(evaluate(spaces, deleteApp('carol'))).toBe('explicit-deny');
    expect(evaluate(spaces, deleteApp('team', { 'sagemaker:SpaceSharingType': 'Shared' }))).toBe('allow');
    expect(evaluate(spaces, carolsSpace)).toBe('explicit-deny');
    expect(evaluate(spaces, { action: 'sagemaker:UpdateUserProfile', resource: profile('ada') })).toBe(
      'explicit-deny',
    );
    expect(evaluate(spaces, tag(`${ARN}:domain/${DOMAIN}`))).toBe('explicit-deny');
  });

  test("nobody re-tags someone else's container as their own", () => {
    const retag = {
      action: 'ssm:AddTagsToResource',
      resource: 'arn:aws:ssm:eu-west-1:123456789012:managed-instance/mi-0123456789abcdef0',
      context: { 'aws:RequestTag/owner': 'bob-builder', 'ssm:resourceTag/owner': 'carol' },
    };
    expect(evaluate(laptop(BOB), retag)).toBe('explicit-deny');
    expect(evaluate(container(BOB), retag)).toBe('explicit-deny');
  });

  test('admins read the output of their bastion commands', () => {
    expect(evaluate(laptop(ADA), { action: 'ssm:GetCommandInvocation', resource: '*' })).toBe('allow');
  });
});
