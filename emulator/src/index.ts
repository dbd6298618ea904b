export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator';
export type { Faults } from './faults';
export type { EmulatorSnapshot, DomainSnapshot, AppSnapshot, CommandSnapshot } from './snapshot';
export { loadServiceModel, type ServiceModel, type Shape } from './contract/model';
export { validateShape } from './contract/validate';
export { findBotocoreDataDir } from './contract/botocore-data';
export { domainIdFor } from './studio/naming';
export { decodePresignedToken, type PresignedClaims } from './studio/presigned-url';
export { FIRST_EFS_UID } from './seeding';
