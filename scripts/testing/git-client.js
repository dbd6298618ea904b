// @ts-check
'use strict';
/**
 * The user's side of git-auth tests: the credential helper bundled exactly as the wheel bundles it
 * (scripts/jupyter/bundle-sidecar.sh), and a throwaway home whose git config, XDG folders and
 * everything else live in a temporary folder, so no test touches the real home.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Bundles sidecar/src/bin/git-credential.ts into `dir` with the flags of bundle-sidecar.sh
 * (module builds first, workspace packages from source). Returns the file.
 * @param {string} dir
 */
function buildCredentialHelper(dir) {
  const esbuild = require('esbuild');
  const outfile = path.join(dir, 'git-credential.js');
  esbuild.buildSync({
    entryPoints: [path.join(REPO_ROOT, 'sidecar', 'src', 'bin', 'git-credential.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    logLevel: 'warning',
    alias: {
      '@studio-teams/schema': path.join(REPO_ROOT, 'schema', 'src'),
      '@studio-teams/core': path.join(REPO_ROOT, 'core', 'src'),
    },
    outfile,
  });
  return outfile;
}

/**
 * @param {Record<string, string>} extraEnv AWS_*, STUDIO_METADATA_FILE, STUDIO_GIT_PROVIDER…
 * @returns {import('./git-client').GitHome}
 */
function makeGitHome(extraEnv) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'git-home-'));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    // A missing answer must fail at once, not wait for someone to type.
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LANG: 'C',
    ...extraEnv,
  };
  /** @param {string} program @param {string[]} args @param {{ cwd?: string, input?: string }} [opts] */
  const run = (program, args, opts = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        program,
        args,
        { env, cwd: opts.cwd ?? home, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      // A program that exits without reading its input (git config) must not fail the run.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(opts.input ?? '');
    });
  return {
    home,
    env,
    git: (args, opts) => run('git', args, opts),
    run,
    files() {
      /** @type {string[]} */
      const out = [];
      const walk = (/** @type {string} */ dir) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(p);
          else if (entry.isFile()) out.push(p);
        }
      };
      walk(home);
      return out;
    },
    filesContaining(needle) {
      return this.files().filter((f) => fs.readFileSync(f).includes(needle));
    },
    remove() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

module.exports = { buildCredentialHelper, makeGitHome, REPO_ROOT };
