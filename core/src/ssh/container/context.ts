import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AgentProgram } from './agent';

/** Who and where the container is: the parts of Studio's resource metadata these operations use. */
export interface ContainerIdentity {
  domainId: string;
  /** The user the container acts for: the metadata's, or the space owner's in a new-Studio space. */
  userProfileName: string;
  /** Set in a new-Studio space's app; null in a classic JupyterServer/KernelGateway app. */
  spaceName: string | null;
  appType: string | null;
  /** The app name. */
  resourceName: string | null;
  region: string;
}

export interface ContainerContext {
  clients: { sagemaker: SageMakerClient; ssm: SSMClient };
  identity: ContainerIdentity;
  /** The user's home in the container (`/home/sagemaker-user`); everything written stays under it. */
  home: string;
  /** Where `~/.aws/config` and `~/.aws/credentials` are, when the environment moves them. */
  awsFiles?: { configFile: string; credentialsFile: string };
  /** The SSM agent: the real `amazon-ssm-agent` (see `findAgentProgram`), or a stand-in in tests. */
  agent: AgentProgram | undefined;
  /** `sshd` and `ssh-keygen`: found on PATH by default. */
  sshd?: string | undefined;
  sshKeygen?: string | undefined;
}
