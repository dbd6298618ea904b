/**
 * Configs that turn parts off or point elsewhere: each synthesized once, with cdk-nag on. Police off
 * where it is not the subject keeps the bundling out of these synths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { findLifecycleScripts, LIFECYCLE_CONFIG_MAX_BASE64 } from '../src/lifecycle-configs';
import { MAX_STACK_RESOURCES } from '../src/stack';
import { REPO_ROOT } from '../src/repo-root';
import { cfnLint, config, lifecycleFixture, synth, tempDir } from './synth';

test('an existing VPC by id, classic Studio only, no bastion, no remote access: nothing looked up, none of those made', () => {
  const s = synth(
    config({
      vpc: {
        existing: {
          vpcId: 'vpc-0123456789abcdef0',
          privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
          availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        },
      },
      studioFlavour: 'classic',
      bastion: { enabled: false },
      remoteAccess: { enabled: false },
      dockerAccess: false,
      homeRetention: 'Retain',
      police: { enabled: false },
    }),
  );
  s.template.resourceCountIs('AWS::EC2::VPC', 0);
  s.template.resourceCountIs('AWS::EC2::Instance', 0);
  // Only CDK's custom-resource Lambda (home retention): no police, no artifacts to deploy.
  s.template.resourceCountIs('AWS::Lambda::Function', 1);
  s.template.hasResourceProperties('AWS::SageMaker::Domain', {
    VpcId: 'vpc-0123456789abcdef0',
    SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    DomainSettings: { DockerSettings: { EnableDockerAccess: 'DISABLED' } },
    DefaultUserSettings: { StudioWebPortal: 'DISABLED', DefaultLandingUri: 'app:JupyterServer:' },
  });
  const json = JSON.stringify(s.json);
  expect(json).not.toContain('activation-tier');
  expect(json).not.toContain('ssm:StartSession');
  // No agent in the containers: the execution roles carry neither its policy nor SSM's trust.
  expect(json).not.toContain('AmazonSSMManagedInstanceCore');
  expect(json).not.toContain('ssm.amazonaws.com');
  expect(json).toContain('\\"HomeEfsFileSystem\\":\\"Retain\\"');
  expect(cfnLint(s.outdir).findings.filter((f) => f.Level === 'Error')).toEqual([]);
  // No context lookups were needed: the assembly records no missing context.
  expect(fs.readFileSync(path.join(s.outdir, 'manifest.json'), 'utf8')).not.toContain('missing');
}, 120_000);

test('no lifecycle scripts and no built artifacts: deployed without them, and synth says so', () => {
  const s = synth(config({ police: { enabled: false }, remoteAccess: { classicSsh: false } }), {
    lifecycleDir: tempDir('empty-lifecycle'),
  });
  s.template.resourceCountIs('AWS::SageMaker::StudioLifecycleConfig', 0);
  s.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
  expect(s.warnings.join('\n')).toMatch(
    /no lifecycle scripts in .* the domain is deployed without lifecycle configs/,
  );
  expect(s.warnings.join('\n')).toMatch(/no built artifacts at .*scripts\/artifacts\/build\.sh/);
  expect(JSON.stringify(s.json)).not.toContain('activation-tier');
  expect(cfnLint(s.outdir).findings.filter((f) => f.Level === 'Error')).toEqual([]);
}, 120_000);

test('a lifecycle script over 16 KB in base64 fails the synth, naming the file and its size', () => {
  const big = `#!/bin/bash\n${'# padding\n'.repeat(1300)}`;
  const dir = lifecycleFixture({ 'kernel-gateway.sh': big });
  const size = Buffer.from(big).toString('base64').length;
  expect(size).toBeGreaterThan(LIFECYCLE_CONFIG_MAX_BASE64);
  expect(() => synth(config({ police: { enabled: false } }), { lifecycleDir: dir })).toThrow(
    `lifecycle script ${path.join(dir, 'dist', 'kernel-gateway.sh')} is ${size} bytes in base64, over Studio's limit of 16384`,
  );
});

test('the built form of a script wins over its source; app types without a script get none', () => {
  const dir = tempDir('lifecycle-mixed');
  fs.writeFileSync(path.join(dir, 'jupyterlab.sh'), '#!/bin/bash\necho top\n');
  fs.writeFileSync(path.join(dir, 'kernel-gateway.sh'), '#!/bin/bash\necho kg\n');
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'jupyterlab.sh'), '#!/bin/bash\necho built\n');
  const found = findLifecycleScripts(dir).map((f) => [f.appType, f.content.trim().split('\n')[1]]);
  expect(found).toEqual([
    ['JupyterLab', 'echo built'],
    ['KernelGateway', 'echo kg'],
  ]);
});

test("the repository's own lifecycle scripts, as synth reads them, are within Studio's limit", () => {
  for (const script of findLifecycleScripts(path.join(REPO_ROOT, 'lifecycle'))) {
    expect(Buffer.from(script.content).toString('base64').length).toBeLessThanOrEqual(
      LIFECYCLE_CONFIG_MAX_BASE64,
    );
  }
});

test('a team of 90: the people in nested stacks of 40, each stack within limits, cdk-nag and cfn-lint clean', () => {
  const users = Array.from({ length: 90 }, (_, i) => ({
    name: `person.${i}`,
    email: `person.${i}@example.com`,
    isAdmin: i === 0,
  }));
  const s = synth(config({ users, adminEmail: 'person.0@example.com' }));
  const templates = fs
    .readdirSync(s.outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(s.outdir, f), 'utf8')) as typeof s.json);
  expect(templates).toHaveLength(4);
  const all = templates.flatMap((t) => Object.values(t.Resources));
  const profiles = all.filter((r) => r.Type === 'AWS::SageMaker::UserProfile');
  expect(profiles.map((p) => p.Properties?.UserProfileName).sort()).toEqual(
    users.map((u) => u.name.replace('.', '-')).sort(),
  );
  // Everyone's SES identity, the admin's among them (no second one for the admin).
  expect(all.filter((r) => r.Type === 'AWS::SES::EmailIdentity')).toHaveLength(90);
  for (const t of templates) expect(Object.keys(t.Resources).length).toBeLessThanOrEqual(MAX_STACK_RESOURCES);
  // The members' stacks get what they refer to as parameters, from the domain and buckets here.
  s.template.resourceCountIs('AWS::CloudFormation::Stack', 3);
  s.template.hasResource('AWS::CloudFormation::Stack', {
    Properties: {
      Parameters: {
        DomainId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StudioDomain'), 'DomainId'] },
        ArtifactsBucketArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BucketsArtifacts'), 'Arn'] },
        UsageReportObjectArn: Match.anyValue(),
        BastionInstanceArn: Match.anyValue(),
      },
      TemplateURL: Match.anyValue(),
    },
    DependsOn: Match.arrayWith([Match.stringLikeRegexp('^StudioHomeRetention')]),
  });
  expect(cfnLint(s.outdir).findings.filter((f) => f.Level === 'Error')).toEqual([]);
}, 120_000);
