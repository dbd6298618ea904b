import type { EmulatorConfig } from '../config';
import { paginate } from '../pagination';
import { epochSeconds, type Handler } from '../services/service';
import type { Domain } from './store';
import { domainSettingsMember } from './docker-settings';

export const domainUrl = (config: EmulatorConfig, domainId: string): string =>
  `https://${domainId}.studio.${config.region}.sagemaker.aws`;

/** The classic-Studio defaults the CDK app sets (KernelGateway on ml.t3.medium, JupyterServer on system). */
export const DEFAULT_KERNEL_GATEWAY_INSTANCE = 'ml.t3.medium';

function defaultExecutionRole(config: EmulatorConfig, domain: Domain): string {
  return `arn:aws:iam::${config.accountId}:role/sagemaker/studio-${domain.name}-default`;
}

export const listDomains: Handler = (input, ctx) => {
  const { MaxResults, NextToken } = input;
  const page = paginate([...ctx.state.studio.domains.values()], (d) => [d.createdAt, d.seq], {
    MaxResults,
    NextToken,
    defaultMax: 10,
    query: {},
    descending: false,
  });
  return {
    Domains: page.items.map((d) => ({
      DomainArn: d.arn,
      DomainId: d.id,
      DomainName: d.name,
      Status: 'InService',
      CreationTime: epochSeconds(d.createdAt),
      LastModifiedTime: epochSeconds(d.modifiedAt),
      Url: domainUrl(ctx.config, d.id),
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

export const describeDomain: Handler = (input, ctx) => {
  const domain = ctx.state.studio.domain(input['DomainId'] as string);
  const role = defaultExecutionRole(ctx.config, domain);
  return {
    DomainArn: domain.arn,
    DomainId: domain.id,
    DomainName: domain.name,
    HomeEfsFileSystemId: domain.homeEfsFileSystemId,
    Status: 'InService',
    CreationTime: epochSeconds(domain.createdAt),
    LastModifiedTime: epochSeconds(domain.modifiedAt),
    AuthMode: 'IAM',
    AppNetworkAccessType: 'PublicInternetOnly',
    DefaultUserSettings: {
      ExecutionRole: role,
      JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
      KernelGatewayAppSettings: { DefaultResourceSpec: { InstanceType: DEFAULT_KERNEL_GATEWAY_INSTANCE } },
    },
    DefaultSpaceSettings: {
      ExecutionRole: role,
      JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
      KernelGatewayAppSettings: { DefaultResourceSpec: { InstanceType: DEFAULT_KERNEL_GATEWAY_INSTANCE } },
    },
    SubnetIds: ['subnet-0a1b2c3d4e5f60718'],
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    Url: domainUrl(ctx.config, domain.id),
    ...domainSettingsMember(domain),
  };
};
