import type { CfnResource } from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';

/**
 * The acknowledged cdk-nag findings that depend on the synthesized policies: each wildcard the
 * AwsSolutions-IAM5 rule reports is matched here by what it is, with the reason it is needed. A
 * wildcard that matches nothing stays a finding and fails the synth, so a new one needs a reason here.
 */
export const WILDCARD_REASONS: readonly { finding: RegExp; reason: string }[] = [
  {
    finding: /^Resource::\*$/,
    reason:
      'List/Describe calls of SageMaker, SSM and EC2, ssm:CreateActivation, ssm:GetCommandInvocation, pricing:GetProducts and ' +
      'ses:GetIdentityVerificationAttributes support no resource-level permissions (CreateActivation is held ' +
      'to the caller as owner by a request-tag condition).',
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):sagemaker:[^:]+:\d+:app\/<[^>]+>\/[^/*]+\/\*$/,
    reason: "A person's own apps: every app of their profile, whatever its type and name.",
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):sagemaker:[^:]+:\d+:app\/<[^>]+>\/\*$/,
    reason:
      'Apps of the domain: for admins, and for everyone only with the shared-space or own-space condition; ' +
      "non-admins get an explicit Deny on other people's profile apps.",
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):sagemaker:[^:]+:\d+:user-profile\/<[^>]+>\/\*$/,
    reason: "Admins open anyone's Studio (CreatePresignedDomainUrl on every profile of the domain).",
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):sagemaker:[^:]+:\d+:space\/<[^>]+>\/\*$/,
    reason:
      "Spaces of the domain: shared ones anyone may create, update and delete, as in the original; someone else's " +
      'private space only admins (an explicit Deny for everyone else).',
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):sagemaker:[^:]+:\d+:(domain|user-profile|space)\/\*$/,
    reason:
      'The bastion finds the domain by name at boot (its id is unknown to it) and reads uids for the usage report.',
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):secretsmanager:[^:]+:\d+:secret:[^*?]+-\?\?\?\?\?\?$/,
    reason: "Secrets Manager appends six random characters to a secret's ARN: this names exactly one secret.",
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):ssm:[^:]+:\d+:managed-instance\/\*$/,
    reason:
      "Containers registered by sm-ssh: held to the person's own by the owner tag condition (admins: all).",
  },
  {
    finding: /^Resource::arn:(?:aws|<AWS::Partition>):ssm:[^:]+:\d+:session\/<aws:userid>-\*$/,
    reason: "The caller's own SSM sessions, whose ids start with their user id.",
  },
  {
    finding: /^Resource::<(Buckets[A-Za-z0-9]+\.Arn|ArtifactsBucketArn)>\/\*$/,
    reason:
      "Objects of one of the team's own buckets (artifacts to read, reports to write, sharing snapshots).",
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:s3:::studio-teams-reports-\d+-[a-z0-9-]+\/efs-usage\/\*\.json$/,
    reason: 'The daily usage report of the domain, whose id the bastion learns at boot.',
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:ses:[^:]+:\d+:identity\/\*$/,
    reason:
      "SES checks sending against the sender and recipients' identities; the sender is held to the admin by condition.",
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-\d+-[a-z0-9-]+\/\*$/,
    reason: "CDK's BucketDeployment reads the deployment's own assets from the bootstrap bucket.",
  },
  {
    finding: /^Action::s3:(GetObject|GetBucket|List|Abort|DeleteObject|PutObject)\*?/,
    reason:
      'The S3 action groups CDK grants (grantRead/grantReadWrite) for the bucket deployments and the police.',
  },
  {
    finding: /^Action::s3:[A-Za-z]*\*$/,
    reason:
      'The S3 action groups CDK grants (grantRead/grantReadWrite) for the bucket deployments and the police.',
  },
];

/** The singletons CDK adds for BucketDeployment and AwsCustomResource, whose Lambdas we do not write. */
const FRAMEWORK_IDS = [
  /^Custom::CDKBucketDeployment/,
  /^AWS679f53fac002430cb0da5b7982bd2287$/,
  /^Custom::S3AutoDeleteObjects/,
];

const statementsOf = (node: CfnResource): { Effect?: string; Action?: unknown; Resource?: unknown }[] => {
  const stack = Stack.of(node);
  if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) {
    return (stack.resolve(node.policyDocument)?.Statement ?? []) as never[];
  }
  if (node instanceof CfnRole) {
    const policies = (stack.resolve(node.policies) ?? []) as { policyDocument?: unknown }[];
    return policies.flatMap(
      (p) => (stack.resolve(p.policyDocument) as { Statement?: never[] })?.Statement ?? [],
    );
  }
  return [];
};

const asArray = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as string[];

/** The IAM5 findings of one policy, worked out as cdk-nag does (Allow statements only). */
export function wildcardFindings(node: CfnResource): string[] {
  const found = new Set<string>();
  for (const st of statementsOf(node)) {
    if (st.Effect !== 'Allow') continue;
    for (const a of asArray(st.Action)) if (a.includes('*')) found.add(`Action::${a}`);
    for (const r of asArray(st.Resource).map((x) => flattenCfnReference(x as never))) {
      if (r.includes('*')) found.add(`Resource::${r}`);
    }
  }
  return [...found];
}

/**
 * Acknowledges, under `root`, every IAM5 wildcard that WILDCARD_REASONS explains, and the CDK
 * framework Lambdas' runtime and logging policy. Call once the stack is complete (buildApp does).
 */
export function acknowledgeKnownFindings(root: IConstruct): void {
  for (const node of root.node.findAll()) {
    if (FRAMEWORK_IDS.some((re) => re.test(node.node.id))) {
      Validations.of(node).acknowledge(
        {
          id: 'AwsSolutions-L1',
          reason: "CDK's own custom-resource Lambda: its runtime is chosen by aws-cdk-lib, upgraded with it.",
        },
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's own custom-resource Lambda writes its logs with the standard policy.",
        },
      );
    }
    if (!(node instanceof CfnPolicy || node instanceof CfnManagedPolicy || node instanceof CfnRole)) continue;
    for (const finding of wildcardFindings(node)) {
      const known = WILDCARD_REASONS.find((w) => w.finding.test(finding));
      if (known)
        Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: known.reason });
    }
  }
}
