import './esm-cookie-shim';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import type { SidecarOptions } from '../../src/options';

export const TEST_PORT = 8765;
export const OWN_HOST = `127.0.0.1:${TEST_PORT}`;

export interface TestApp {
  app: FastifyInstance;
  token: string;
  dir: string;
  /** Headers of a request that passes the Host check and the token check. */
  headers: Record<string, string>;
  /** Every log line, parsed, so a test can look for a request id or a leaked secret. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): Promise<void>;
}

/** Writes Studio metadata as jane-doe's JupyterLab space app; pass `null` for "not inside Studio". */
export async function writeMetadata(dir: string, metadata: Record<string, unknown> | null): Promise<string> {
  const file = path.join(dir, 'resource-metadata.json');
  if (metadata) await fs.writeFile(file, JSON.stringify(metadata));
  return file;
}

export const JANE_METADATA = {
  AppType: 'JupyterLab',
  DomainId: 'd-test0000001',
  UserProfileName: 'jane-doe',
  SpaceName: 'jane-space',
  ResourceName: 'default',
  ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:app/d-test0000001/jane-space/jupyterlab/default',
};

export async function buildTestApp(
  given: Partial<SidecarOptions> & { metadata?: Record<string, unknown> | null } = {},
): Promise<TestApp> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-test-'));
  const { metadata = JANE_METADATA, ...options } = given;
  const rawLogs: string[] = [];
  const app = await buildApp({
    port: TEST_PORT,
    tokenFile: path.join(dir, 'token'),
    metadataFile: await writeMetadata(dir, metadata),
    // A home of its own, and no price cache or Price List calls leaving this machine: stubbed tests
    // must not read the developer's ~/.cache or reach for AWS.
    env: {
      HOME: dir,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_PRICING: 'http://127.0.0.1:9',
    },
    priceCacheFile: null,
    logLevel: 'info',
    logStream: { write: (line: string) => void rawLogs.push(line) },
    ...options,
  });
  await app.ready();
  const token = (await fs.readFile(path.join(dir, 'token'), 'utf8')).trim();
  return {
    app,
    token,
    dir,
    headers: { host: OWN_HOST, authorization: `Bearer ${token}` },
    get logs() {
      return rawLogs.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLogs,
    async close() {
      await app.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
