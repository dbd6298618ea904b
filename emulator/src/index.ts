export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator';
export type { Faults } from './faults';
export type { EmulatorSnapshot, DomainSnapshot, AppSnapshot, CommandSnapshot } from './snapshot';
export type { SshSnapshot } from './ssm/ssh-snapshot';
export type { DataChannelSettings } from './ssm/data-channel-settings';
export { OWNER_TAG } from './ssm/managed-instance-store';
export { loginUser } from './containers/container-store';
export { checkPublicKey, type KeyCheck } from './containers/public-keys';
export { loadServiceModel, type ServiceModel, type Shape } from './contract/model';
export { validateShape } from './contract/validate';
export { findBotocoreDataDir } from './contract/botocore-data';
export { domainIdFor } from './studio/naming';
export { decodePresignedToken, type PresignedClaims } from './studio/presigned-url';
export { FIRST_EFS_UID } from './seeding';
export { startMoto, freePort, waitForHttp, REPO_ROOT, MOTO_BIN, type RunningMoto } from './moto';
export { seedLocalAws, type LocalAwsEnv } from './local/seed-aws';
export { startLocalAws, writeEnvFile, type RunningLocalAws, type LocalAwsOptions } from './local/studio';
export {
  startTestStudio,
  loadSeed,
  DEMO_SEED_FILE,
  sshTestSeed,
  type SshTestSeed,
  type TestStudio,
  type TestStudioOptions,
} from './testing';
export { PRICE_LIST_DIFFERENCES } from './pricing/catalogue';
export { fakeDockerEngine, bundleSsmProxy, sshWithConfig } from './docker-testing';
