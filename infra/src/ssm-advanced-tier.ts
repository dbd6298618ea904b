import { Stack } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/**
 * Turns on SSM's advanced activation tier for the account and region, which registering classic apps
 * as managed instances needs (the original's one-time `aws ssm update-service-setting`). Left on when
 * the stack is deleted: it is an account setting other tools may rely on.
 */
export class SsmAdvancedTier extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const settingId = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:servicesetting/ssm/managed-instance/activation-tier`;
    const call = {
      service: 'SSM',
      action: 'updateServiceSetting',
      parameters: { SettingId: settingId, SettingValue: 'advanced' },
      physicalResourceId: PhysicalResourceId.of('ssm-activation-tier-advanced'),
    };
    new AwsCustomResource(this, 'Setting', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [settingId] }),
      installLatestAwsSdk: false,
    });
  }
}
