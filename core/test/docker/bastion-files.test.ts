import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../src/errors';
import { bastionSshPaths, profileDockerHost, writeBastionSsh, writeProfileBlock } from '../../src/docker';

/** The files setup writes: modes, links kept, a damaged block refused with nothing written. */

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-files-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

// Made per run, never a fixture: the file under test holds a real private key, as the secret's would.
const KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const write = () =>
  writeBastionSsh({
    connection: { instanceId: 'i-0123456789abcdef0', privateKey: KEY, user: 'ubuntu' },
    paths: bastionSshPaths(home),
    proxy: { node: '/opt/node 20/bin/node', script: "/opt/it's/ssm-proxy.js" },
    region: 'eu-west-1',
  });

test('a key file that was readable by others is replaced by a 0600 one; ~/.ssh is made 0700', () => {
  const paths = bastionSshPaths(home);
  write();
  expect(fs.statSync(paths.sshDir).mode & 0o777).toBe(0o700);
  fs.chmodSync(paths.key, 0o644);
  write();
  expect(fs.statSync(paths.key).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(paths.key, 'utf8')).toBe(KEY);
});

test('paths and words with spaces and quotes are quoted for ssh and its shell', () => {
  write();
  const config = fs.readFileSync(bastionSshPaths(home).config, 'utf8');
  expect(config).toContain(
    `  ProxyCommand '/opt/node 20/bin/node' '/opt/it'\\''s/ssm-proxy.js' --region eu-west-1 i-0123456789abcdef0\n`,
  );
  expect(config).toContain(`  IdentityFile ${path.join(home, '.ssh', 'sm-bastion.pem')}\n`);
});

test('a symlinked ~/.ssh/config (a dotfile manager) is written where it points and stays a link', () => {
  const real = path.join(home, 'dotfiles', 'ssh-config');
  fs.mkdirSync(path.dirname(real));
  fs.writeFileSync(real, 'Host x\n  User y\n');
  fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  fs.symlinkSync(real, path.join(home, '.ssh', 'config'));
  write();
  expect(fs.lstatSync(path.join(home, '.ssh', 'config')).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(real, 'utf8')).toMatch(
    /^# >>> studio-teams docker >>>[\s\S]*# <<< studio-teams docker <<<\n\nHost x\n {2}User y\n$/,
  );
});

test('a damaged block is refused with a UserError, and neither the key nor the config is written', () => {
  fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const config = path.join(home, '.ssh', 'config');
  fs.writeFileSync(config, '# >>> studio-teams docker >>>\nHost sm-bastion\n');
  expect(write).toThrow(UserError);
  expect(write).toThrow(/damaged block/);
  expect(fs.existsSync(bastionSshPaths(home).key)).toBe(false);
  expect(fs.readFileSync(config, 'utf8')).toBe('# >>> studio-teams docker >>>\nHost sm-bastion\n');
});

test('~/.profile keeps its mode and its lines; DOCKER_HOST is read back from the block', () => {
  const profile = path.join(home, '.profile');
  fs.writeFileSync(profile, 'export PATH=$HOME/bin:$PATH\n', { mode: 0o640 });
  fs.chmodSync(profile, 0o640);
  expect(profileDockerHost(home)).toBeUndefined();
  writeProfileBlock(home, 'ssh://ubuntu@sm-bastion');
  writeProfileBlock(home, 'ssh://ubuntu@sm-bastion');
  expect(fs.statSync(profile).mode & 0o777).toBe(0o640);
  const text = fs.readFileSync(profile, 'utf8');
  expect(text.startsWith('export PATH=$HOME/bin:$PATH\n\n# >>> studio-teams docker >>>')).toBe(true);
  expect(text.match(/export DOCKER_HOST=/g)).toHaveLength(1);
  expect(profileDockerHost(home)).toBe('ssh://ubuntu@sm-bastion');
});

test('a line break in a path or the region is refused: it would start an ssh directive of its own', () => {
  const paths = bastionSshPaths(home);
  const attempt = (region: string, node: string) => () =>
    writeBastionSsh({
      connection: { instanceId: 'i-0123456789abcdef0', privateKey: KEY, user: 'ubuntu' },
      paths,
      proxy: { node, script: '/opt/ssm-proxy.js' },
      region,
    });
  expect(attempt('eu-west-1\nHost *\n  ProxyCommand sh -c evil', '/usr/bin/node')).toThrow(
    /the ProxyCommand word has a line break or control character/,
  );
  expect(attempt('eu-west-1', '/usr/bin/node\nLocalCommand x')).toThrow(UserError);
  const weird = bastionSshPaths(path.join(home, 'a\nb'));
  expect(() =>
    writeBastionSsh({
      connection: { instanceId: 'i-0123456789abcdef0', privateKey: KEY, user: 'ubuntu' },
      paths: weird,
      proxy: { node: '/usr/bin/node', script: '/opt/ssm-proxy.js' },
      region: 'eu-west-1',
    }),
  ).toThrow(/the path has a line break/);
  expect(fs.readdirSync(home)).toEqual([]);
  expect(fs.existsSync(paths.key)).toBe(false);
  expect(fs.existsSync(paths.config)).toBe(false);
});
