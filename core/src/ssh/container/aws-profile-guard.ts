import path from 'node:path';
import { UserError } from '../../errors';
import { readIni } from '../../aws/config-files';
import type { ContainerContext } from './context';

/**
 * The agent's credential chain reads the shared files before the identity its registration gave it:
 * a `default` profile there makes it act as someone else (or as nobody), and the managed instance
 * goes silent after registering. The original refused to activate in that case; so do we.
 */
export function checkNoDefaultProfile(ctx: ContainerContext): void {
  const configFile = ctx.awsFiles?.configFile ?? path.join(ctx.home, '.aws', 'config');
  const credentialsFile = ctx.awsFiles?.credentialsFile ?? path.join(ctx.home, '.aws', 'credentials');
  const found = [
    readIni(credentialsFile).has('default') ? credentialsFile : undefined,
    [...readIni(configFile).keys()].some((s) => s === 'default' || s === 'profile default')
      ? configFile
      : undefined,
  ].filter((f): f is string => f !== undefined);
  if (found.length > 0)
    throw new DefaultProfileError(
      `${found.join(' and ')} ${found.length > 1 ? 'have' : 'has'} a [default] profile, which would shadow ` +
        "the app's execution role for the SSM agent; rename it (e.g. [profile personal]) and activate again",
    );
}

export class DefaultProfileError extends UserError {}
