import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTokenFile } from '../src/token-file';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-token-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

test('creates a 0600 file with 32 random bytes in hex, in a new 0700 folder, and leaves no temp file', async () => {
  const file = path.join(dir, 'nested', 'token');
  const token = await ensureTokenFile(file);
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  expect(await fs.readdir(path.dirname(file))).toEqual(['token']);
});

test('keeps an existing token', async () => {
  const file = path.join(dir, 'token');
  const first = await ensureTokenFile(file);
  expect(await ensureTokenFile(file)).toBe(first);
});

test('processes starting together agree on one token', async () => {
  const file = path.join(dir, 'token');
  const tokens = await Promise.all(Array.from({ length: 20 }, () => ensureTokenFile(file)));
  expect(new Set(tokens).size).toBe(1);
  expect((await fs.readFile(file, 'utf8')).trim()).toBe(tokens[0]);
});

test('refuses a token file others can read, without showing its content', async () => {
  const file = path.join(dir, 'token');
  await fs.writeFile(file, 'a'.repeat(64), { mode: 0o644 });
  await fs.chmod(file, 0o644);
  await expect(ensureTokenFile(file)).rejects.toThrow(/mode 644.*chmod 600/);
});

test('refuses a file that holds no usable token, without echoing it', async () => {
  const file = path.join(dir, 'token');
  await fs.writeFile(file, 'short secret\n', { mode: 0o600 });
  const error = await ensureTokenFile(file).catch((e: Error) => e);
  expect(String(error)).toMatch(/does not hold a token/);
  expect(String(error)).not.toContain('short secret');
});
