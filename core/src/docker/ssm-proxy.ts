import type { Readable, Writable } from 'node:stream';
import { DOCKER_BASTION_HOST } from '@studio-teams/schema';
import { createClients, destroyClients } from '../aws/clients';
import { describeAwsError, EXIT, UserError } from '../errors';
import { bridgeSession } from '../ssh/bridge';
import { endTargetSession, startTargetSession } from '../ssh/start-session';
import type { InstanceTarget } from '../ssh/targets';

/**
 * The `Host sm-bastion` ProxyCommand inside the container: an SSM session to the bastion with
 * AWS-StartSSHSession, carried by our own data channel (core/src/ssm-session), as `sm-ssh proxy`
 * does on the laptop. stdin and stdout are ssh's connection: nothing else is ever written there;
 * errors go to stderr as one line, which ssh (and docker) show as they are.
 */

export const SSM_PROXY_USAGE = `usage: ssm-proxy [--region REGION] [--debug] <instance-id>

Opens an SSM session (AWS-StartSSHSession, port 22) to the instance and carries ssh's connection
over stdin/stdout. Written as the ProxyCommand of the Host ${DOCKER_BASTION_HOST} block by the
panel's Docker section. Credentials: the container's (AWS_PROFILE, environment, or its role).
`;

export interface SsmProxyIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  stderr: { write(text: string): unknown };
  signal?: AbortSignal;
}

interface ProxyArgs {
  region: string | undefined;
  debug: boolean;
  instanceId: string;
}

function parseArgs(argv: string[]): ProxyArgs | 'help' {
  let region: string | undefined;
  let debug = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--debug') debug = true;
    else if (arg === '--region') {
      region = argv[++i];
      if (!region) throw new UserError('--region needs a value', EXIT.usage);
    } else if (arg.startsWith('--region=')) region = arg.slice('--region='.length);
    else if (arg.startsWith('-')) throw new UserError(`unknown option ${arg}`, EXIT.usage);
    else rest.push(arg);
  }
  if (rest.length !== 1) throw new UserError('give exactly one instance id', EXIT.usage);
  const instanceId = rest[0]!;
  if (!/^(i|mi)-[0-9a-f]{8,17}$/.test(instanceId))
    throw new UserError(`${instanceId} is not an instance id (i-… or mi-…)`, EXIT.usage);
  return { region, debug, instanceId };
}

/** Runs the proxy; resolves with the exit code. */
export async function runSsmProxy(io: SsmProxyIo): Promise<number> {
  let args: ProxyArgs | 'help';
  try {
    args = parseArgs(io.argv);
  } catch (err) {
    io.stderr.write(`ssm-proxy: ${(err as Error).message}\n\n${SSM_PROXY_USAGE}`);
    return EXIT.usage;
  }
  if (args === 'help') {
    io.stderr.write(SSM_PROXY_USAGE);
    return EXIT.ok;
  }
  const { instanceId } = args;
  const started = Date.now();
  const debug = args.debug
    ? (line: string) => void io.stderr.write(`ssm-proxy: +${Date.now() - started} ms ${line}\n`)
    : undefined;
  let aws;
  try {
    aws = createClients({ region: args.region, env: io.env });
  } catch (err) {
    io.stderr.write(`ssm-proxy: ${describeAwsError(err).message}\n`);
    return EXIT.failure;
  }
  const { clients, settings } = aws;
  const target: InstanceTarget = {
    kind: 'instance',
    name: DOCKER_BASTION_HOST,
    host: DOCKER_BASTION_HOST,
    instanceId,
    pingStatus: 'Online',
    lastPingAt: undefined,
    stale: false,
  };
  try {
    const session = await startTargetSession(clients, target, io.signal ? { abortSignal: io.signal } : {});
    debug?.(`session ${session.sessionId} to ${instanceId} started`);
    try {
      const end = await bridgeSession(session, {
        input: io.stdin,
        output: io.stdout,
        signal: io.signal,
        debug,
      });
      debug?.(`session ended: ${end.reason}`);
    } finally {
      await endTargetSession(clients.ssm, session);
    }
    return EXIT.ok;
  } catch (err) {
    const message = describeAwsError(err, {
      credentialSource: settings.credentialSource,
      profile: settings.profile,
      region: settings.region,
    }).message;
    io.stderr.write(`ssm-proxy: cannot reach ${instanceId} through SSM: ${message}\n`);
    return EXIT.failure;
  } finally {
    destroyClients(clients);
  }
}
