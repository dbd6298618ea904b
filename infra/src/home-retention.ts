import type { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface HomeRetentionProps {
  readonly domain: CfnDomain;
  /** `Delete` removes the home EFS with the domain (the original's default); `Retain` keeps it. */
  readonly retention: 'Delete' | 'Retain';
}

/**
 * Deletes the domain with DeleteDomain's `RetentionPolicy` when the stack is deleted. Profiles depend
 * on this resource, so it goes after them and before the (retained, i.e. forgotten) domain resource.
 */
export class HomeRetention extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: HomeRetentionProps) {
    super(scope, id);
    const { domain } = props;
    // One fixed physical id: a changed id would make CloudFormation replace this resource and delete
    // the old one, which would delete the domain. Updates only re-read the domain.
    const describe = {
      service: 'SageMaker',
      action: 'describeDomain',
      parameters: { DomainId: domain.attrDomainId },
      physicalResourceId: PhysicalResourceId.of('studio-teams-home-retention'),
      outputPaths: ['DomainId'],
    };
    this.resource = new AwsCustomResource(this, 'DeleteDomain', {
      onCreate: describe,
      onUpdate: describe,
      onDelete: {
        service: 'SageMaker',
        action: 'deleteDomain',
        parameters: {
          DomainId: domain.attrDomainId,
          RetentionPolicy: { HomeEfsFileSystem: props.retention },
        },
        ignoreErrorCodesMatching: 'ResourceNotFound',
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [domain.attrDomainArn] }),
      installLatestAwsSdk: false,
    });
  }
}
