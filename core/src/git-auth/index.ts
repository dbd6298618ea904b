/**
 * GitLab auth: the PAT checked against the provider and kept only in the user's own secret, and the
 * git credential helper that answers git from that secret with the container's role.
 */
export { GIT_PROVIDER_ENV, gitProviderFrom, parseGitProvider, NoGitProviderError } from './provider';
export { checkPat, type PatCheck, type PatCheckOptions } from './verify';
export {
  readGitSecret,
  writeGitSecret,
  parseGitSecret,
  isGitSecretError,
  savePatHint,
  NoPatStoredError,
  BadGitSecretError,
  GitSecretAccessError,
  type GitSecret,
} from './secret';
export { gitAuthStatus, type GitAuthTarget } from './status';
export {
  saveGitAuth,
  checkGitUsername,
  PatRejectedError,
  ProviderUnreachableError,
  type SaveGitAuthInput,
} from './save';
export {
  parseCredentialRequest,
  formatCredentialAnswer,
  type CredentialRequest,
} from './credential-protocol';
export { answerCredentialGet, type HelperAnswer } from './credential-helper';
export {
  registerCredentialHelper,
  helperCommand,
  shellQuote,
  type GitIdentity,
  type HelperRegistration,
} from './git-config';
export { containerGitSetup, gitIdentity, type ContainerGitSetup } from './container';
