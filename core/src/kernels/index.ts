/**
 * Kernel registration: the Python environments of a home (pipenv, poetry, uv, venv, conda), and
 * Jupyter kernelspecs for them in the user's data dir, only ever changing the ones we wrote.
 */
export { discoverEnvironments, type DiscoverOptions, type Discovery } from './discover';
export { inspectEnvironment, parsePyvenvCfg, projectName, type EnvironmentFacts } from './environment';
export {
  EnvironmentBrokenError,
  EnvironmentNotFoundError,
  InstallFailedError,
  KernelExistsError,
  KernelNameError,
  KernelNotFoundError,
  NoIpykernelError,
  NotManagedError,
} from './errors';
export { installIpykernel, redactUrlPassword, type InstallOptions } from './install';
export { listKernelSpecs, readKernelSpec, type KernelJson, type KernelSpec } from './kernelspecs';
export {
  declinedFile,
  displayNameFor,
  jupyterDataDir,
  kernelFolder,
  kernelNameFor,
  kernelsDir,
  type KernelsEnv,
} from './paths';
export { readDeclined } from './declined';
export {
  kernelsStatus,
  registerKernel,
  removeStaleKernels,
  renameKernel,
  syncKernels,
  unregisterKernel,
  usableEnvironment,
  type KernelsOptions,
  type RegisterRequest,
  type Registered,
  type RenameRequest,
  type SyncResult,
} from './registration';
