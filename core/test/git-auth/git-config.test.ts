import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as gitAuth from '../../src/git-auth';

/**
 * The helper command git keeps in its config and runs through `sh -c`: node and the helper file may
 * sit in folders with spaces, quotes or `!`, and the arguments after them must reach the helper as
 * they were given. Real git, a throwaway global config, and a stand-in helper that answers with
 * the arguments it received.
 */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'git-auth-config-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function git(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    // git config reads no stdin and may be gone before the write: that is not a failure here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

test('paths and arguments with spaces, quotes, $ and ! reach the helper intact, for the provider URL only', async () => {
  const odd = path.join(dir, `it's a "dir" with $HOME and !bang`);
  fs.mkdirSync(odd);
  const file = path.join(odd, 'helper.js');
  fs.writeFileSync(
    file,
    'process.stdout.write(`username=${JSON.stringify(process.argv.slice(2))}\\npassword=from-helper\\n`);\n',
  );
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_GLOBAL: path.join(dir, 'gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
  const args = ['--secret', "gitlab-o'neil", '--host', 'gitlab.example.com', '--region', 'a b;`x`'];
  await gitAuth.registerCredentialHelper({
    provider: { host: 'gitlab.example.com', url: 'https://gitlab.example.com' },
    command: gitAuth.helperCommand(process.execPath, file, args),
    identity: { name: 'Jane "JD" O\'Neil', email: 'jane@example.com' },
    env,
  });
  const filled = await git(['credential', 'fill'], env, 'protocol=https\nhost=gitlab.example.com\n\n');
  expect(filled).toContain(`username=${JSON.stringify([...args, 'get'])}\n`);
  expect(filled).toContain('password=from-helper\n');
  expect((await git(['config', '--global', 'user.name'], env)).trim()).toBe('Jane "JD" O\'Neil');
  // Another host never runs it: git asks the (disabled) terminal instead and fails.
  await expect(
    git(['credential', 'fill'], env, 'protocol=https\nhost=other.example.com\n\n'),
  ).rejects.toThrow(/terminal prompts disabled|could not read Username/);
});
