// @ts-check
'use strict';
/**
 * A GitLab stand-in for tests (jest and the UI tests): git's own smart-HTTP server (`git
 * http-backend`, run as CGI) behind HTTP basic auth that accepts exactly one username/PAT pair, and
 * GitLab's `GET /api/v4/user`, which answers 200 with the username for that PAT and
 * 401 `{"message":"401 Unauthorized"}` otherwise. Loopback only, plain http.
 *
 * Plain JavaScript with a declaration file beside it, so test projects of every package (each with
 * its own rootDir) can import it, and Playwright and jest load it without compiling.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

/** Env for git commands run here: no user or system config, no prompts. */
function isolatedGitEnv(home) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Seed',
    GIT_AUTHOR_EMAIL: 'seed@example.com',
    GIT_COMMITTER_NAME: 'Seed',
    GIT_COMMITTER_EMAIL: 'seed@example.com',
  };
}

/**
 * @param {{ username: string, pat: string, repo?: string }} options
 * @returns {Promise<import('./git-server').GitServer>}
 */
async function startGitServer(options) {
  const repo = options.repo ?? 'team/project.git';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-server-'));
  const projects = path.join(root, 'projects');
  const seedHome = path.join(root, 'seed-home');
  fs.mkdirSync(seedHome, { recursive: true });
  const env = isolatedGitEnv(seedHome);
  const bare = path.join(projects, repo);
  fs.mkdirSync(bare, { recursive: true });
  execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', bare], { env });
  // Pushes over http are refused unless the repository allows them (REMOTE_USER is set anyway).
  execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: bare, env });
  const work = path.join(root, 'seed-work');
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', work], { env });
  fs.writeFileSync(path.join(work, 'README.md'), '# project\n');
  execFileSync('git', ['add', 'README.md'], { cwd: work, env });
  execFileSync('git', ['commit', '--quiet', '-m', 'first commit'], { cwd: work, env });
  execFileSync('git', ['push', '--quiet', bare, 'main'], { cwd: work, env });

  const backend = path.join(execFileSync('git', ['--exec-path']).toString().trim(), 'git-http-backend');
  const expected = `Basic ${Buffer.from(`${options.username}:${options.pat}`).toString('base64')}`;
  /** @type {import('./git-server').GitServerRequest[]} */
  const requests = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record = { method: req.method ?? 'GET', path: url.pathname, status: 0, user: null };
    requests.push(record);
    const finish = (status, headers, body) => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (url.pathname === '/api/v4/user') {
      req.resume();
      if (req.headers['private-token'] === options.pat) {
        record.user = options.username;
        return finish(
          200,
          { 'content-type': 'application/json' },
          JSON.stringify({ id: 1, username: options.username, name: options.username, state: 'active' }),
        );
      }
      return finish(
        401,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: '401 Unauthorized' }),
      );
    }
    if (req.headers.authorization !== expected) {
      req.resume();
      return finish(
        401,
        { 'www-authenticate': 'Basic realm="GitLab"', 'content-type': 'text/plain' },
        'HTTP Basic: Access denied\n',
      );
    }
    record.user = options.username;
    const cgi = spawn(backend, [], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: projects,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: seedHome,
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: options.username,
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    req.pipe(cgi.stdin);
    /** @type {Buffer[]} */
    const chunks = [];
    let stderr = '';
    cgi.stdout.on('data', (c) => chunks.push(c));
    cgi.stderr.on('data', (c) => (stderr += c));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      let split = out.indexOf('\r\n\r\n');
      let gap = 4;
      if (split < 0) {
        split = out.indexOf('\n\n');
        gap = 2;
      }
      if (split < 0) return finish(500, { 'content-type': 'text/plain' }, `http-backend: ${stderr}`);
      /** @type {Record<string, string>} */
      const headers = {};
      let status = 200;
      for (const line of out.subarray(0, split).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[key] = value;
      }
      finish(status, headers, out.subarray(split + gap));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the git server has no port');
  const host = `127.0.0.1:${address.port}`;
  const origin = `http://${host}`;
  return {
    url: origin,
    host,
    repoUrl: `${origin}/${repo}`,
    bareRepo: bare,
    requests,
    log(ref = 'main') {
      return execFileSync('git', ['log', '--format=%s|%an|%ae', ref], { cwd: bare, env })
        .toString()
        .trim()
        .split('\n');
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(root, { recursive: true, force: true });
          resolve(undefined);
        });
      });
    },
  };
}

module.exports = { startGitServer, isolatedGitEnv };
