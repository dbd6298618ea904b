import { promises as fs } from 'node:fs';
import os from 'node:os';
import { DescribeSpaceCommand } from '@aws-sdk/client-sagemaker';
import { createClients } from '../../aws/clients';
import { EXIT, UserError } from '../../errors';
import { RESOURCE_METADATA_FILE } from '../sagemaker-guard';
import { emulatedAgent, findAgentProgram } from './agent';
import type { ContainerContext, ContainerIdentity } from './context';

/**
 * In the local Studio the emulator's register endpoint stands for amazon-ssm-agent: the launcher
 * sets this to the emulator's URL. Unset in a real container, where only the installed agent counts.
 */
export const EMULATED_AGENT_ENV = 'STUDIO_TEAMS_EMULATED_SSM_AGENT';
/** Where Studio's resource metadata is read from; the local demo and the tests point it elsewhere. */
export const METADATA_FILE_ENV = 'STUDIO_METADATA_FILE';

/** The parts of Studio's `resource-metadata.json` the container operations rely on. */
export interface ResourceMetadata {
  domainId: string;
  /** Absent in the apps of new-Studio spaces: the user is then the space's owner. */
  userProfileName: string | null;
  spaceName: string | null;
  appType: string | null;
  resourceName: string | null;
  /** From the app's ARN; the fallback when the environment names no region. */
  region: string | null;
}

/** Not inside a Studio container (or its metadata is unusable): the container commands refuse. */
export class NotInStudioError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export const metadataFile = (env: Record<string, string | undefined>): string =>
  env[METADATA_FILE_ENV] || RESOURCE_METADATA_FILE;

/** Reads the metadata file; a missing or unusable one is a NotInStudioError saying why. */
export async function readResourceMetadata(file: string): Promise<ResourceMetadata> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotInStudioError(
      code === 'ENOENT'
        ? `this is not a SageMaker Studio container (${file} does not exist)`
        : `${file} is unreadable (${code})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new NotInStudioError(`${file} is not JSON`);
  }
  if (typeof raw !== 'object' || raw === null) throw new NotInStudioError(`${file} is not a JSON object`);
  const fields = raw as Record<string, unknown>;
  const str = (key: string): string | null => {
    const value = fields[key];
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  const domainId = str('DomainId');
  if (domainId === null) throw new NotInStudioError(`${file} has no DomainId`);
  const userProfileName = str('UserProfileName');
  const spaceName = str('SpaceName');
  if (userProfileName === null && spaceName === null)
    throw new NotInStudioError(`${file} names neither a UserProfileName nor a SpaceName`);
  const region = str('ResourceArn')?.split(':')[3] || null;
  return {
    domainId,
    userProfileName,
    spaceName,
    appType: str('AppType'),
    resourceName: str('ResourceName'),
    region,
  };
}

/**
 * The container's context from its environment, as a terminal in the container has it: Studio's
 * metadata, the container's own credentials and region, the home, and the agent (the emulator's
 * register endpoint when `STUDIO_TEAMS_EMULATED_SSM_AGENT` is set, else the installed one).
 */
export async function contextFromEnvironment(
  env: Record<string, string | undefined>,
): Promise<ContainerContext> {
  const metadata = await readResourceMetadata(metadataFile(env));
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || metadata.region || undefined;
  const { clients, settings } = createClients({ region, env });
  let user = metadata.userProfileName;
  if (user === null && metadata.spaceName !== null) {
    const space = await clients.sagemaker.send(
      new DescribeSpaceCommand({ DomainId: metadata.domainId, SpaceName: metadata.spaceName }),
    );
    user = space.OwnershipSettings?.OwnerUserProfileName ?? null;
  }
  if (user === null)
    throw new UserError(
      `cannot tell whose container this is: the metadata names no user profile and space ` +
        `${metadata.spaceName ?? '(none)'} has no owner`,
    );
  const identity: ContainerIdentity = {
    domainId: metadata.domainId,
    userProfileName: user,
    spaceName: metadata.spaceName,
    appType: metadata.appType,
    resourceName: metadata.resourceName,
    region: settings.region,
  };
  const { home, agent, awsFiles } = await hostSetup(env);
  return { clients: { sagemaker: clients.sagemaker, ssm: clients.ssm }, identity, home, agent, ...awsFiles };
}

/**
 * The parts of a container context that come from this host rather than from AWS: the home, which
 * agent registers the container (the emulator's register endpoint when `STUDIO_TEAMS_EMULATED_SSM_AGENT`
 * is set, else the installed amazon-ssm-agent) and which AWS files the default-profile check reads.
 * The CLI and the sidecar both build their contexts from it.
 */
export async function hostSetup(
  env: Record<string, string | undefined>,
): Promise<Pick<ContainerContext, 'home' | 'agent' | 'awsFiles'>> {
  const home = env.HOME || os.homedir();
  const emulated = env[EMULATED_AGENT_ENV];
  const agent = emulated ? emulatedAgent(emulated) : await findAgentProgram(home, env.PATH);
  const awsFiles =
    env.AWS_CONFIG_FILE || env.AWS_SHARED_CREDENTIALS_FILE
      ? {
          configFile: env.AWS_CONFIG_FILE || `${home}/.aws/config`,
          credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || `${home}/.aws/credentials`,
        }
      : undefined;
  return { home, agent, ...(awsFiles ? { awsFiles } : {}) };
}
