/**
 * What `@studio-teams/core/ssh-proxy` gives: just enough of core to open a session to an SSH target
 * and carry a connection over it. ssh starts `sm-ssh proxy` at every connection (each scp, each VS Code
 * reconnect) and waits for it; the package's main entry loads every client and feature (S3, SES,
 * Secrets Manager, TypeBox schemas), twice what this needs. Everything here is the same code as there.
 */
export { describeAwsError, EXIT, UserError } from './errors';
export { endpointFor, resolveAwsSettings, type AwsSettings } from './aws/settings';
export { createClients, type StudioClients } from './aws/clients';
export { resolveUserProfileName } from './identity';
export { connectDomain, type StudioContext } from './context';
export { checkRemoteAppType, resolveTarget, type ResolvedTarget } from './ssh/find-targets';
export { endTargetSession, startTargetSession, type OpenedSession } from './ssh/start-session';
export { bridgeSession } from './ssh/bridge';
