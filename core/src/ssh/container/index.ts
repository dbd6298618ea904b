/**
 * SSH into a Studio container, the container's half: new-Studio spaces through SageMaker's remote
 * access, classic apps through an SSM activation, and the keys from the user's parameter.
 */
export type { ContainerContext, ContainerIdentity } from './context';
export { status, removeKey } from './status';
export { enableRemoteAccess, spaceRemoteAccess, NotASpaceError, type EnableResult } from './space';
export {
  activate,
  deactivate,
  appInstances,
  instanceName,
  executionRoleName,
  type ActivateResult,
  type DeactivateResult,
} from './activation';
export {
  AGENT_INSTALL_HINT,
  AgentMissingError,
  emulatedAgent,
  findAgentProgram,
  installedAgent,
  type AgentProgram,
  type Registration,
} from './agent';
export { checkNoDefaultProfile, DefaultProfileError } from './aws-profile-guard';
export { KeyNotFoundError, parseKeyLine, readAuthorisedKeys, FINGERPRINT, type AuthorisedKey } from './keys';
export { sshdConfig, sshdConfigFile, authorizedKeysFile, hostKeyFile, PROFILE_BLOCK } from './sshd-setup';
export {
  contextFromEnvironment,
  readResourceMetadata,
  metadataFile,
  NotInStudioError,
  EMULATED_AGENT_ENV,
  hostSetup,
  METADATA_FILE_ENV,
  type ResourceMetadata,
} from './environment';
