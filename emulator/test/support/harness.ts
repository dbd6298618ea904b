import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWith, Seed } from '@studio-teams/schema';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** What the real SDK needs to talk to the emulator: its endpoint and any credentials (never checked). */
export function clientConfig(url: string, extra: { maxAttempts?: number } = {}) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    ...extra,
  };
}

export function tempDir(prefix = 'emulator-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export class FakeClock {
  constructor(public t = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function demoSeed(): Seed {
  const text = readFileSync(join(__dirname, '..', '..', 'seed', 'demo.json'), 'utf8');
  return parseWith(Seed, JSON.parse(text), 'emulator/seed/demo.json');
}

/** A small seed for tests that need to know every resource by heart. */
export function smallSeed(): Seed {
  return parseWith(
    Seed,
    {
      accountId: '123456789012',
      region: 'us-east-1',
      caller: 'ana.lima',
      bastionInstanceId: 'i-0b4571011ba57e0a1',
      domains: [
        {
          name: 'datascience',
          users: [{ person: 'ana.lima' }, { person: 'bo.chen' }],
          spaces: [{ name: 'shared-space', owner: 'ana-lima', sharing: 'Shared' }],
          apps: [
            { user: 'ana-lima', type: 'JupyterServer', instanceType: 'system', ageHours: 30 },
            { user: 'ana-lima', type: 'KernelGateway', instanceType: 'ml.t3.medium', ageHours: 2 },
            { space: 'shared-space', type: 'JupyterServer', instanceType: 'system', ageHours: 1 },
          ],
        },
      ],
    },
    'small seed',
  );
}

export interface CapturedRequest {
  target: string;
  body: string;
}

/** Records every request body the SDK client sends, as serialized on the wire. */
export function captureRequests(client: SageMakerClient | SSMClient): CapturedRequest[] {
  const captured: CapturedRequest[] = [];
  (client as SageMakerClient).middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const body =
        request.body instanceof Uint8Array
          ? new TextDecoder().decode(request.body)
          : String(request.body ?? '');
      captured.push({ target: request.headers?.['x-amz-target'] ?? '', body });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureRequestBodies' },
  );
  return captured;
}

/** Runs `fn` and returns the error it throws (failing when it does not). */
export async function failure(
  fn: () => Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure, but the call succeeded');
}
