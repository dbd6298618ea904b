/**
 * The SSM agent is an external program: `amazon-ssm-agent` registers the container with an
 * activation and then keeps the managed instance online. In the local Studio (and the tests) the
 * emulator's register endpoint stands for it, through the same interface.
 */
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../errors';
import { readIfExists, writeFileAtomic } from './files';
import { findProgram } from './programs';
import { sshDir, sshdConfigFile } from './sshd-setup';

const run = promisify(execFile);

export interface Registration {
  activationId: string;
  activationCode: string;
  region: string;
  /** The managed instance's name: what follows `sm-` in `sm-ssh connect`. */
  name: string;
}

export interface AgentProgram {
  /** For messages: the program's path, or what stands for it. */
  readonly description: string;
  /** Registers with the activation and starts the agent (and sshd); answers the new `mi-…`. */
  register(registration: Registration): Promise<{ instanceId: string }>;
  /** Stops the agent (and sshd) of that instance; nothing running is not an error. */
  stop(instanceId: string): Promise<void>;
}

export const AGENT_INSTALL_HINT =
  'the SSM agent (amazon-ssm-agent) is not installed in this container; install it with ' +
  '`curl -fsSLo /tmp/ssm.deb https://s3.amazonaws.com/ec2-downloads-windows/SSMAgent/latest/debian_amd64/amazon-ssm-agent.deb ' +
  '&& sudo dpkg -i /tmp/ssm.deb` (or add it to the image), then activate again';

export class AgentMissingError extends UserError {}

/** The installed agent, or undefined with `AGENT_INSTALL_HINT` to show. */
export async function findAgentProgram(home: string, envPath?: string): Promise<AgentProgram | undefined> {
  const binary = await findProgram('amazon-ssm-agent', envPath);
  return binary ? installedAgent(binary, home) : undefined;
}

/**
 * The real agent: `-register` writes its registration, then it runs detached with an environment
 * carrying no AWS credentials, so it uses the identity the registration gave it.
 */
export function installedAgent(binary: string, home: string): AgentProgram {
  const pidFile = path.join(sshDir(home), 'agent.pid');
  const sshdPidFile = path.join(sshDir(home), 'sshd.pid');
  const cleanEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  return {
    description: binary,
    async register({ activationId, activationCode, region }) {
      const { stdout, stderr } = await run(
        binary,
        ['-register', '-id', activationId, '-code', activationCode, '-region', region, '-y'],
        { env: cleanEnv, timeout: 60_000 },
      ).catch((error: { stderr?: string; message: string }) => {
        throw new UserError(
          `amazon-ssm-agent -register failed: ${(error.stderr ?? error.message).trim().slice(0, 300)}`,
        );
      });
      const instanceId = /mi-[0-9a-f]{17}/.exec(`${stdout}\n${stderr}`)?.[0];
      if (!instanceId)
        throw new UserError('amazon-ssm-agent registered but did not say which managed instance it became');
      const agent = spawn(binary, [], { env: cleanEnv, detached: true, stdio: 'ignore' });
      agent.unref();
      if (agent.pid !== undefined) await writeFileAtomic(pidFile, `${agent.pid}\n`);
      const sshd = await findProgram('sshd');
      if (sshd) spawn(sshd, ['-f', sshdConfigFile(home)], { detached: true, stdio: 'ignore' }).unref();
      return { instanceId };
    },
    async stop() {
      for (const file of [pidFile, sshdPidFile]) {
        const pid = Number((await readIfExists(file))?.trim());
        if (Number.isInteger(pid) && pid > 1) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
        await fs.rm(file, { force: true });
      }
    },
  };
}

/**
 * The local Studio's stand-in: `POST /_emulator/agents/register` does what the agent's registration
 * does against AWS, and the emulator runs the container's sshd in a sandbox; `PUT
 * /_emulator/agents/<mi-id> {online:false}` is the agent stopping.
 */
export function emulatedAgent(emulatorUrl: string, container?: string): AgentProgram {
  const base = emulatorUrl.replace(/\/+$/, '');
  return {
    description: `the local Studio's agent at ${base}`,
    async register({ activationId, activationCode, name }) {
      const res = await fetch(`${base}/_emulator/agents/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ activationId, activationCode, name, ...(container ? { container } : {}) }),
      });
      const body = (await res.json()) as { instanceId?: string; error?: string };
      if (!res.ok || !body.instanceId)
        throw new UserError(`the agent could not register: ${body.error ?? res.status}`);
      return { instanceId: body.instanceId };
    },
    async stop(instanceId) {
      const res = await fetch(`${base}/_emulator/agents/${encodeURIComponent(instanceId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ online: false }),
      });
      // The instance may already be deregistered.
      if (!res.ok && res.status !== 404) throw new UserError(`the agent could not stop: HTTP ${res.status}`);
    },
  };
}
