import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import { REPO_ROOT } from '@studio-teams/emulator';

/**
 * `sm-ssh proxy`'s compile cache, in processes of their own (jest loads modules its own way): a
 * module under node_modules is compiled from source once, then from the cache, and a cache that is
 * damaged, stale or in a folder others can write is never trusted.
 */

let dir: string;
let runner: string;
let cache: string;
let fixture: string;

interface Run {
  stats: { hits: number; misses: number } | null;
  answer: string;
}

/** A fresh process: install the cache, require the fixture, print what happened; caches are written at exit. */
const run = (): Run =>
  JSON.parse(execFileSync(process.execPath, [runner, cache, fixture], { encoding: 'utf8' })) as Run;

const writeFixture = (answer: string) =>
  fs.writeFileSync(fixture, `'use strict';\nexports.answer = () => ${JSON.stringify(answer)};\n`);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ssh-compile-cache-'));
  runner = path.join(dir, 'runner.js');
  cache = path.join(dir, 'cache', 'v8');
  fixture = path.join(dir, 'node_modules', 'fixture', 'index.js');
  fs.mkdirSync(path.dirname(fixture), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev tool, loaded only here
  const esbuild = require('esbuild') as typeof Esbuild;
  esbuild.buildSync({
    stdin: {
      contents: `
        import { installCompileCache } from ${JSON.stringify(path.join(REPO_ROOT, 'cli', 'src', 'ssh', 'compile-cache'))};
        const stats = installCompileCache(process.argv[2]);
        const { answer } = require(process.argv[3]);
        console.log(JSON.stringify({ stats: stats ? { ...stats } : null, answer: answer() }));
      `,
      loader: 'ts',
      resolveDir: REPO_ROOT,
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: runner,
    logLevel: 'error',
    // Workspace packages from their sources (subpaths included), as the shipped bundles take them.
    alias: { '@studio-teams/core': path.join(REPO_ROOT, 'core', 'src') },
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const supported = !('enableCompileCache' in (jest.requireActual('node:module') as object));
const onNode20 = supported ? test : test.skip;

onNode20('compiles from source once, then from the cache, in a folder only the user can reach', () => {
  writeFixture('first');
  expect(run()).toEqual({ stats: { hits: 0, misses: 1 }, answer: 'first' });
  const files = fs.readdirSync(cache);
  expect(files).toHaveLength(1);
  expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
  expect(fs.statSync(path.join(cache, files[0]!)).mode & 0o777).toBe(0o600);
  expect(run()).toEqual({ stats: { hits: 1, misses: 0 }, answer: 'first' });
});

onNode20('an edited module is compiled again, never answered from the old cache', () => {
  writeFixture('second');
  expect(run()).toEqual({ stats: { hits: 0, misses: 1 }, answer: 'second' });
  expect(run()).toEqual({ stats: { hits: 1, misses: 0 }, answer: 'second' });
});

onNode20('a damaged cache is rejected by V8 and replaced', () => {
  for (const file of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, file), 'not V8 code');
  expect(run()).toEqual({ stats: { hits: 0, misses: 1 }, answer: 'second' });
  expect(run()).toEqual({ stats: { hits: 1, misses: 0 }, answer: 'second' });
});

onNode20('a cache folder others can write is not used at all', () => {
  fs.chmodSync(cache, 0o777);
  expect(run()).toEqual({ stats: null, answer: 'second' });
  fs.chmodSync(cache, 0o700);
});
