import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AtomicWriteOptions,
  readTextIfExists,
  readTextIfExistsSync,
  writeFileAtomic,
  writeFileAtomicSync,
} from '@studio-teams/core/files';

/**
 * Writing whole or not at all: the target holds the old content or the new, never part of either,
 * with exactly the mode asked for, and no temp file is left beside it, whether the write worked or not.
 */

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-files-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

type Write = (file: string, data: string | Uint8Array, options: AtomicWriteOptions) => Promise<void>;
const ways: [string, Write][] = [
  ['writeFileAtomicSync', async (file, data, options) => writeFileAtomicSync(file, data, options)],
  ['writeFileAtomic', writeFileAtomic],
];

describe.each(ways)('%s', (_name, write) => {
  it('creates the file with exactly the mode asked for, whatever the umask, leaving nothing else', async () => {
    const old = process.umask(0o077);
    try {
      await write(path.join(dir, 'kernel.json'), '{}\n', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    await write(path.join(dir, 'key'), 'secret\n', { mode: 0o600 });
    expect(fs.readFileSync(path.join(dir, 'kernel.json'), 'utf8')).toBe('{}\n');
    expect(modeOf(path.join(dir, 'kernel.json'))).toBe(0o644);
    expect(modeOf(path.join(dir, 'key'))).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['kernel.json', 'key']);
  });

  it('replaces a file, giving it the new mode (a 0644 config becomes 0600); bytes are written as given', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, 'old content that is longer than the new\n', { mode: 0o644 });
    await write(file, Buffer.from([0, 1, 2, 255]), { mode: 0o600, fsync: false });
    expect([...fs.readFileSync(file)]).toEqual([0, 1, 2, 255]);
    expect(modeOf(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['config']);
  });

  it('writes through a symlink, which stays a symlink (dotfile managers link ~/.ssh/config)', async () => {
    const real = path.join(dir, 'dotfiles', 'ssh-config');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'old\n');
    const link = path.join(dir, 'config');
    fs.symlinkSync(real, link);
    await write(link, 'new\n', { mode: 0o600 });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new\n');
    // The temp file was made beside the real file, and is gone.
    expect(fs.readdirSync(path.dirname(real))).toEqual(['ssh-config']);
    expect(fs.readdirSync(dir).sort()).toEqual(['config', 'dotfiles']);
  });

  it('makes missing folders only when given their mode; otherwise a missing folder is an error', async () => {
    const file = path.join(dir, 'home', '.ssh', 'config');
    await expect(write(file, 'x', { mode: 0o600 })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(dir)).toEqual([]);
    await write(file, 'x', { mode: 0o600, dirMode: 0o700 });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });

  it('a folder that is a file fails the write, and leaves nothing behind', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'mine\n');
    for (const options of [{ mode: 0o600 }, { mode: 0o600, dirMode: 0o700 }]) {
      await expect(write(path.join(blocker, 'config'), 'x', options)).rejects.toMatchObject({
        code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) as unknown,
      });
    }
    expect(fs.readdirSync(dir)).toEqual(['not-a-folder']);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('mine\n');
  });

  it('a rename that fails (a folder is in the way) removes its temp file and leaves the folder as it was', async () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(write(target, 'x', { mode: 0o644 })).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) as unknown,
    });
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readdirSync(target)).toEqual(['inside']);
  });

  it('a write that fails once the temp file exists keeps the old file whole and removes the temp file', async () => {
    const file = path.join(dir, 'profile');
    fs.writeFileSync(file, 'export A=1\n', { mode: 0o640 });
    // Data Node refuses to write: the failure comes after the temp file was created.
    await expect(write(file, 42 as unknown as string, { mode: 0o644 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('export A=1\n');
    expect(modeOf(file)).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['profile']);
  });
});

it('a reader in another process sees the old file or the new one, never a part of either', async () => {
  const file = path.join(dir, 'big');
  const size = 1 << 20;
  const versions = ['a', 'b'].map((c) => c.repeat(size));
  writeFileAtomicSync(file, versions[0]!, { mode: 0o644 });
  // The reader reports every read that is not one whole version.
  const reader = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'); const end = Date.now() + 1500; let reads = 0, torn = 0;
       while (Date.now() < end) {
         const t = fs.readFileSync(process.argv[1], 'latin1'); reads++;
         if (t.length !== ${size} || (t !== 'a'.repeat(${size}) && t !== 'b'.repeat(${size}))) torn++;
       }
       console.log(JSON.stringify({ reads, torn }));`,
      file,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  reader.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<void>((resolve) => reader.on('exit', () => resolve()));
  let running = true;
  void done.then(() => (running = false));
  let writes = 0;
  while (running) {
    await writeFileAtomic(file, versions[++writes % 2]!, { mode: 0o644, fsync: false });
  }
  await done;
  const { reads, torn } = JSON.parse(out) as { reads: number; torn: number };
  expect(writes).toBeGreaterThan(10);
  expect(reads).toBeGreaterThan(10);
  expect(torn).toBe(0);
  expect(fs.readdirSync(dir)).toEqual(['big']);
});

it('reading: the text, or undefined for a missing file; other failures are thrown', async () => {
  const file = path.join(dir, 'f');
  expect(readTextIfExistsSync(file)).toBeUndefined();
  await expect(readTextIfExists(file)).resolves.toBeUndefined();
  fs.writeFileSync(file, 'text\n');
  expect(readTextIfExistsSync(file)).toBe('text\n');
  await expect(readTextIfExists(file)).resolves.toBe('text\n');
  expect(() => readTextIfExistsSync(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }) as Error);
  await expect(readTextIfExists(dir)).rejects.toMatchObject({ code: 'EISDIR' });
});
