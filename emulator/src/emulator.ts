import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Seed } from '@studio-teams/schema';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_TRANSITION_MS, type EmulatorConfig } from './config';
import { findBotocoreDataDir } from './contract/botocore-data';
import { FaultInjector, faultsFromEnv, type Faults } from './faults';
import type { AdminTarget } from './http/admin';
import { AwsError } from './http/aws-error';
import { createRouter } from './http/router';
import { sendWireError } from './http/wire-errors';
import { ServiceRegistry } from './services/registry';
import type { AdminRequest, RequestContext } from './services/service';
import { loadSeed } from './seeding';
import {
  checkDataChannelSettings,
  dataChannelFromEnv,
  type DataChannelSettings,
} from './ssm/data-channel-settings';
import { takeSnapshot, type EmulatorSnapshot } from './snapshot';
import { EmulatorState } from './state';

export interface EmulatorOptions {
  /** 0 or undefined: any free port. The emulator always binds 127.0.0.1. */
  port?: number;
  /** moto: every request not served here is forwarded there unchanged. */
  upstreamUrl?: string;
  /** Already validated (schema `Seed`); loaded into state at start. */
  seed?: Seed;
  /** Stands for the bastion's disk: SSM commands run here, the EFS is `<sandboxDir>/mnt/efs`. */
  sandboxDir: string;
  /** Default: `<repo>/.venv/lib/python3*\/site-packages/botocore/data`. */
  botocoreDataDir?: string;
  /** App Pending -> InService and Deleting -> Deleted delays; default 3000 ms each. */
  timing?: { pendingMs?: number; deletingMs?: number };
  /** Also read from EMULATOR_LATENCY_MS, EMULATOR_THROTTLE_RATE, EMULATOR_ERROR_RATE (these options win). */
  faults?: Partial<Faults>;
  /** Validate every answer against botocore; a violation becomes HTTP 500 EmulatorContractViolation. */
  strict?: boolean;
  /** Base of CreatePresignedDomainUrl's AuthorizedUrl; default https://<domainId>.studio.<region>.sagemaker.aws */
  presignedUrlBase?: string;
  /** Clock in epoch milliseconds, for tests. */
  now?: () => number;
  /**
   * Where the sandbox containers' homes (and their sshd host keys) live; default `<sandboxDir>/homes`.
   * Keep it across restarts and reconnecting never meets a new host key.
   */
  homesDir?: string;
  /** Faults and frame size of the session data channels; also EMULATOR_DATA_CHANNEL_* (these win). */
  dataChannel?: Partial<DataChannelSettings>;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(f: Partial<Faults>): void;
  /** Requests per operation: `SageMaker.ListApps`, `AmazonSSM.SendCommand`, `forward:sts`. */
  calls(): Record<string, number>;
  resetCalls(): void;
  /** Contract violations seen in strict mode. */
  violations(): string[];
  snapshot(): EmulatorSnapshot;
  domainId(name: string): string;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const sandboxDir = resolve(options.sandboxDir);
  const config: EmulatorConfig = {
    accountId: options.seed?.accountId ?? DEFAULT_ACCOUNT_ID,
    region: options.seed?.region ?? DEFAULT_REGION,
    sandboxDir,
    efsMount: join(sandboxDir, 'mnt', 'efs'),
    pendingMs: options.timing?.pendingMs ?? DEFAULT_TRANSITION_MS,
    deletingMs: options.timing?.deletingMs ?? DEFAULT_TRANSITION_MS,
    ...(options.presignedUrlBase !== undefined ? { presignedUrlBase: options.presignedUrlBase } : {}),
    ...(options.seed ? { bastionInstanceId: options.seed.bastionInstanceId } : {}),
    ...(options.upstreamUrl !== undefined ? { upstreamUrl: options.upstreamUrl } : {}),
    homesDir: resolve(options.homesDir ?? join(sandboxDir, 'homes')),
    url: '',
  };
  mkdirSync(config.efsMount, { recursive: true });
  const registry = new ServiceRegistry(options.botocoreDataDir ?? findBotocoreDataDir());
  const faults = new FaultInjector({ ...faultsFromEnv(), ...options.faults });
  const strict = options.strict ?? process.env['EMULATOR_STRICT'] === '1';
  const state = new EmulatorState();
  const dataChannelProblems = checkDataChannelSettings(options.dataChannel ?? {});
  if (dataChannelProblems.length > 0)
    throw new Error(`invalid dataChannel: ${dataChannelProblems.join('; ')}`);
  state.ssh.dataChannel = { ...state.ssh.dataChannel, ...dataChannelFromEnv(), ...options.dataChannel };
  const ctx: RequestContext = { state, config, now };
  if (options.seed) loadSeed(ctx, options.seed);

  const calls = new Map<string, number>();
  const violations: string[] = [];
  const count = (name: string): void => void calls.set(name, (calls.get(name) ?? 0) + 1);

  const admin = {
    health: () => ({
      status: 'ok',
      upstreamUrl: options.upstreamUrl ?? null,
      strict,
      services: Object.fromEntries(
        registry.services().map((s) => [s.definition.targetPrefix, Object.keys(s.definition.operations)]),
      ),
      uncheckedPatterns: Object.fromEntries(
        registry.services().map((s) => [s.model.name, s.model.skippedPatterns]),
      ),
    }),
    snapshot: () => takeSnapshot(state, config, now()),
    calls: () => Object.fromEntries(calls),
    resetCalls: () => calls.clear(),
    faults: () => faults.faults,
    setFaults: (f: Partial<Faults>) => faults.set(f),
    violations: () => [...violations],
    serviceAdmin: (request: AdminRequest) => registry.admin(request, ctx),
    serviceAdminEndpoints: () => registry.adminEndpoints(),
  };

  const handle = createRouter({
    registry,
    faults,
    ctx,
    admin: admin satisfies AdminTarget,
    ...(options.upstreamUrl !== undefined ? { upstreamUrl: options.upstreamUrl } : {}),
    strict,
    count,
    recordViolation: (message) => void violations.push(message),
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('emulator: request failed:', err);
      if (!res.headersSent)
        sendWireError(res, 'json', new AwsError('InternalFailure', 'The emulator failed', 500), randomUUID());
      else res.destroy();
    });
  });
  // Data channels have an endpoint of their own (ssm/data-channel.ts), as AWS's are on ssmmessages.
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  config.url = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      state.commands.killAll();
      await Promise.allSettled(state.commands.running());
      await state.ssh.close(now());
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
    setFaults: admin.setFaults,
    calls: admin.calls,
    resetCalls: admin.resetCalls,
    violations: admin.violations,
    snapshot: admin.snapshot,
    domainId: (name) => {
      const domain = [...state.studio.domains.values()].find((d) => d.name === name);
      if (!domain) {
        const known = [...state.studio.domains.values()].map((d) => d.name).join(', ') || 'none';
        throw new Error(`the emulator has no domain named "${name}" (domains: ${known})`);
      }
      return domain.id;
    },
  };
}
