import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The built `sm-studio` as users run it: exit codes, help, one-line errors, Ctrl-C, cheap startup. */

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'cli', 'dist', 'src', 'bin', 'sm-studio.js');
jest.setTimeout(60_000);

let home: string;
beforeAll(() => {
  // `npm test` builds first (scripts/setup.sh runs tsc -b); a stale bin would test yesterday's code.
  const stale = staleOutputs(path.join(ROOT, 'cli', 'src'), path.join(ROOT, 'cli', 'dist', 'src'));
  if (stale.length > 0)
    throw new Error(`cli/dist is missing or older than ${stale[0]}: run \`npx tsc -b cli\` first`);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-studio-bin-'));
});

/** Sources whose compiled .js is missing or older than the .ts. */
function staleOutputs(srcDir: string, distDir: string): string[] {
  const stale: string[] = [];
  for (const entry of fs.readdirSync(srcDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const src = path.join(entry.parentPath, entry.name);
    const out = path.join(distDir, path.relative(srcDir, src)).replace(/\.ts$/, '.js');
    if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) stale.push(src);
  }
  return stale;
}
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

function runBin(
  args: string[],
  env = cleanEnv(),
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('has a node shebang and is executable by node', () => {
  expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

it('--help exits 0 without loading the AWS SDK', () => {
  const probe = `
    process.on('exit', () => {
      const sdk = Object.keys(require.cache).filter((k) => k.includes('@aws-sdk') || k.includes('typebox'));
      require('fs').writeSync(2, 'heavy-modules=' + sdk.length + '\\n');
    });
    process.argv.splice(1, 0, 'sm-studio');
    require(${JSON.stringify(BIN)});`;
  const r = spawnSync(process.execPath, ['-e', probe, '--', '--help'], { env: cleanEnv(), encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Usage: sm-studio');
  expect(r.stderr).toBe('heavy-modules=0\n');
});

it('--version prints the package version', async () => {
  const r = await runBin(['--version']);
  expect(r).toMatchObject({ code: 0, stdout: '0.1.0\n' });
});

it.each([
  [['frobnicate'], /^error: unknown command 'frobnicate'/],
  [['down', '--space', 'Not_Valid'], /^error: space name "Not_Valid" may only contain/],
  [['up', '--app', 'vim'], /^error: option '--app <app>' argument 'vim' is invalid/],
])('%j exits 2 with one line', async (args, message) => {
  const r = await runBin(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
});

it('no credentials: exit 1, one line, no SDK warnings', async () => {
  const r = await runBin(
    ['status'],
    cleanEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: no AWS credentials found: [^\n]*\n$/);
});

it('Ctrl-C while a call hangs exits 130 with a clear line', async () => {
  const server = http.createServer(() => {
    /* never answers: the call stays in flight */
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const env = cleanEnv({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL: url,
    });
    const child = spawn(process.execPath, [BIN, 'status-all'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => server.once('connection', () => resolve()));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr.trim()).toBe('interrupted; apps already asked to stop keep stopping');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

it('sm-ssh proxy loads only the clients a connection needs, also when it fails', () => {
  // ssh starts the proxy at every connection and waits for it: S3, SES, Secrets Manager and the
  // TypeBox schemas would double its startup (see core/src/ssh-proxy.ts).
  const smSsh = path.join(ROOT, 'cli', 'dist', 'src', 'bin', 'sm-ssh.js');
  const probe = `
    process.on('exit', () => {
      const heavy = Object.keys(require.cache).filter((k) =>
        /@aws-sdk[\\\\/](client-s3|client-ses|client-secrets-manager|client-pricing)[\\\\/]|typebox|[\\\\/]yaml[\\\\/]/.test(k));
      const sagemaker = Object.keys(require.cache).some((k) => k.includes('client-sagemaker'));
      require('fs').writeSync(2, 'heavy=' + JSON.stringify(heavy) + ' sagemaker=' + sagemaker + '\\n');
    });
    process.argv.splice(1, 0, 'sm-ssh');
    require(${JSON.stringify(smSsh)});`;
  const r = spawnSync(process.execPath, ['-e', probe, '--', 'proxy', 'sm-lab'], {
    env: cleanEnv({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    }),
    encoding: 'utf8',
    input: '',
  });
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  // The SDK was loaded (the call was made and failed), the rest of core was not.
  expect(lines.at(-1)).toBe('heavy=[] sagemaker=true');
});
