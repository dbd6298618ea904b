import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { writeFileAtomic } from '../../src/ssh/config-file';
import { configPath, isInNpxCache, proxyCommandFor } from '../../src/ssh/proxy-command';
import {
  addTargetToBlock,
  BLOCK_END,
  BLOCK_START,
  type BlockSettings,
  blockSetting,
  blockTargets,
  blockText,
  eolOf,
  findBlock,
  renderBlock,
  splitLines,
  upsertBlock,
} from '../../src/ssh/ssh-config-block';

/**
 * The sm-ssh block in a user's ssh config: everything outside it survives byte for byte (comments,
 * quotes, tabs, CRLF, trailing comments, odd spacing), it is replaced in place, and real OpenSSH
 * (`ssh -G`) reads what we meant from it.
 */

/** A config as people have them, with everything ssh-config's own round trip would change. */
const USER_CONFIG = [
  '# ~/.ssh/config of a busy laptop',
  'Include ~/.ssh/config.d/*',
  'ServerAliveInterval 15   # trailing comment, two spaces before it',
  '',
  'Host jump',
  '\tHostName jump.example.org',
  '\tUser   ops',
  '\tProxyCommand ssh -W "%h:%p" bastion   # quoted token',
  '  IdentityFile "~/.ssh/my key"',
  '',
  '# a comment between sections',
  'Host *.internal !skip.internal',
  '    ForwardAgent=no',
  '',
  'Match host legacy exec "test -f /etc/legacy"',
  '  KexAlgorithms +diffie-hellman-group1-sha1',
  '',
  'Host *',
  '  AddKeysToAgent yes',
  '',
].join('\n');

const settings = (over: Partial<BlockSettings> = {}): BlockSettings => ({
  proxyCommand: proxyCommandFor(
    { node: '/usr/bin/node', script: '/opt/sm ssh/sm-ssh.js', args: ['proxy', '%n'] },
    'linux',
  ),
  user: 'sagemaker-user',
  identityFile: '/home/jane/.ssh/id_ed25519',
  forwardAgent: false,
  targets: [{ host: 'sm-team-x', hostKeyAlias: 'sm-team-x.d-abc123' }],
  ...over,
});

/** The text with the block (and the blank line we put after it) taken out again. */
function withoutBlock(text: string): string {
  const lines = splitLines(text);
  const at = findBlock(lines);
  if (!at) return text;
  const after = lines[at.end] === '\n' || lines[at.end] === '\r\n' ? 1 : 0;
  return [...lines.slice(0, at.start), ...lines.slice(at.end + after)].join('');
}

describe('the block itself', () => {
  it('is marked, has a stanza per target before Host sm-*, and parses back', () => {
    const block = renderBlock(settings({ forwardAgent: true }));
    expect(block.startsWith(`${BLOCK_START} managed by`)).toBe(true);
    expect(block.endsWith(`${BLOCK_END}\n`)).toBe(true);
    expect(block).toContain('Host sm-team-x\n  HostKeyAlias sm-team-x.d-abc123\n');
    expect(block).toContain("  ProxyCommand /usr/bin/node '/opt/sm ssh/sm-ssh.js' proxy %n\n");
    expect(block).toContain('  StrictHostKeyChecking accept-new\n');
    expect(block).toContain('  ForwardAgent yes\n');
    expect(block.indexOf('Host sm-team-x')).toBeLessThan(block.indexOf('Host sm-*'));
    expect(blockTargets(block)).toEqual([{ host: 'sm-team-x', hostKeyAlias: 'sm-team-x.d-abc123' }]);
    expect(blockSetting(block, 'User')).toBe('sagemaker-user');
    expect(blockSetting(block, 'forwardagent')).toBe('yes');
    const computed = SSHConfig.parse(block).compute('sm-team-x');
    expect(computed).toMatchObject({ HostKeyAlias: 'sm-team-x.d-abc123', User: 'sagemaker-user' });
  });

  it('leaves ForwardAgent out unless asked, and quotes an IdentityFile with spaces', () => {
    const block = renderBlock(settings({ identityFile: '/home/jane/my keys/id' }));
    expect(block).not.toContain('ForwardAgent');
    expect(block).toContain('  IdentityFile "/home/jane/my keys/id"\n');
  });
});

describe('splicing into a config', () => {
  it('goes after the global settings and before the first section; all else is byte for byte', () => {
    const block = renderBlock(settings());
    const out = upsertBlock(USER_CONFIG, block);
    expect(withoutBlock(out)).toBe(USER_CONFIG);
    expect(out.indexOf(block)).toBe(USER_CONFIG.indexOf('Host jump'));
    expect(out.slice(out.indexOf(BLOCK_END))).toBe(
      `${BLOCK_END}\n\n${USER_CONFIG.slice(USER_CONFIG.indexOf('Host jump'))}`,
    );
  });

  it('replaces an existing block in place, wherever the user moved it; other hosts untouched', () => {
    const moved = `${USER_CONFIG}${renderBlock(settings())}# after our block\n`;
    const next = renderBlock(settings({ user: 'me', targets: [] }));
    const out = upsertBlock(moved, next);
    expect(out).toBe(`${USER_CONFIG}${next}# after our block\n`);
    expect(upsertBlock(out, next)).toBe(out);
    expect(splitLines(out).filter((l) => l.startsWith(BLOCK_START))).toHaveLength(1);
  });

  it('keeps CRLF files CRLF, with the block in CRLF too', () => {
    const crlf = USER_CONFIG.replace(/\n/g, '\r\n');
    expect(eolOf(crlf)).toBe('\r\n');
    const block = renderBlock(settings(), eolOf(crlf));
    const out = upsertBlock(crlf, block);
    expect(withoutBlock(out)).toBe(crlf);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('appends to a config without sections, separated by one blank line, adding a missing final newline', () => {
    const block = renderBlock(settings());
    expect(upsertBlock('', block)).toBe(block);
    expect(upsertBlock('User me', block)).toBe(`User me\n\n${block}`);
    expect(upsertBlock('User me\n\n', block)).toBe(`User me\n\n${block}`);
    expect(upsertBlock('# just comments\n# and more\n', block)).toBe(
      `# just comments\n# and more\n\n${block}`,
    );
  });

  it('a Host inside a comment or a value does not count as a section', () => {
    const text = '# Host fake\nUser "Host"\nHost real\n';
    const out = upsertBlock(text, renderBlock(settings()));
    expect(out.indexOf(BLOCK_START)).toBe(text.indexOf('Host real'));
  });

  it('refuses a damaged block rather than guess, naming the line', () => {
    const block = renderBlock(settings());
    const startOnly = `${USER_CONFIG}${block.split('\n').slice(0, 3).join('\n')}\n`;
    expect(() => upsertBlock(startOnly, block, '~/.ssh/config')).toThrow(
      /the sm-ssh block in ~\/.ssh\/config is damaged \(line 20 starts a block that never ends\)/,
    );
    expect(() => upsertBlock(`${block}${block}`, block)).toThrow(/appears more than once/);
    expect(() => upsertBlock(`${BLOCK_END}\n${BLOCK_START}\n`, block)).toThrow(/damaged/);
  });

  it('blockText finds the block; no block is undefined', () => {
    const block = renderBlock(settings());
    expect(blockText(upsertBlock(USER_CONFIG, block))).toBe(block);
    expect(blockText(USER_CONFIG)).toBeUndefined();
  });
});

describe('adding a target to an existing block', () => {
  it('inserts its stanza before Host sm-*, keeps the rest of the block, and is idempotent', () => {
    const block = renderBlock(settings({ forwardAgent: true }));
    const added = addTargetToBlock(block, { host: 'sm-new', hostKeyAlias: 'sm-new.d-abc123' });
    expect(blockTargets(added).map((t) => t.host)).toEqual(['sm-team-x', 'sm-new']);
    expect(added.replace('Host sm-new\n  HostKeyAlias sm-new.d-abc123\n\n', '')).toBe(block);
    expect(addTargetToBlock(added, { host: 'sm-new', hostKeyAlias: 'other' })).toBe(added);
  });
});

describe('what OpenSSH reads (ssh -G)', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-config-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const effective = (file: string, host: string): Record<string, string> => {
    const out = execFileSync('ssh', ['-G', '-F', file, host], { encoding: 'utf8' });
    return Object.fromEntries(out.split('\n').map((l) => [l.split(' ')[0]!, l.slice(l.indexOf(' ') + 1)]));
  };

  it("our settings win over the user's Host * for sm-* hosts; other hosts are as before", () => {
    const file = path.join(dir, 'config');
    const identity = path.join(dir, 'keys 100%', 'id_ed25519');
    const text = `${USER_CONFIG}Host *\n  User someone-else\n  ProxyCommand none\n`;
    fs.writeFileSync(
      file,
      upsertBlock(text, renderBlock(settings({ identityFile: configPath(identity), forwardAgent: true }))),
    );
    const target = effective(file, 'sm-team-x');
    expect(target).toMatchObject({
      user: 'sagemaker-user',
      hostkeyalias: 'sm-team-x.d-abc123',
      stricthostkeychecking: 'accept-new',
      forwardagent: 'yes',
      identitiesonly: 'yes',
      // -G shows the setting before token expansion; ssh loads `%%` as `%` (checked below).
      identityfile: identity.replace('%', '%%'),
      proxycommand: "/usr/bin/node '/opt/sm ssh/sm-ssh.js' proxy %n",
    });
    fs.mkdirSync(path.dirname(identity), { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', identity]);
    const verbose = spawnSync(
      'ssh',
      ['-v', '-F', file, '-o', 'BatchMode=yes', '-o', 'ProxyCommand=sh -c "sleep 0.2"', 'sm-team-x', 'true'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    expect(verbose.stderr).toContain(`identity file ${identity} type `);
    expect(verbose.stderr).not.toContain(`identity file ${identity} type -1`);
    const other = effective(file, 'sm-other');
    expect(other).toMatchObject({ user: 'sagemaker-user' });
    expect(other).not.toHaveProperty('hostkeyalias');
    expect(effective(file, 'jump')).toMatchObject({ user: 'ops', hostname: 'jump.example.org' });
  });

  it('the ProxyCommand survives sh: paths with spaces, quotes and % come through as they were', () => {
    const node = "/opt/my node's/bin/node";
    const script = '/srv/100% real/sm-ssh.js';
    const command = proxyCommandFor(
      { node, script, args: ['--profile', 'work space', 'proxy', '%n'] },
      'linux',
    );
    // What ssh hands to /bin/sh after expanding tokens: %% -> %, %n -> the host.
    const expanded = command.replace(/%n/g, 'sm-x').replace(/%%/g, '%');
    const r = spawnSync('/bin/sh', ['-c', `printf '%s\\n' ${expanded}`], { encoding: 'utf8' });
    expect(r.stdout.split('\n').slice(0, -1)).toEqual([
      node,
      script,
      '--profile',
      'work space',
      'proxy',
      'sm-x',
    ]);
  });

  it('Windows: forward slashes, double quotes around spaces', () => {
    expect(
      proxyCommandFor(
        {
          node: 'C:\\Program Files\\nodejs\\node.exe',
          script: 'C:\\Users\\jane\\sm-ssh.js',
          args: ['proxy', '%n'],
        },
        'win32',
      ),
    ).toBe('"C:/Program Files/nodejs/node.exe" C:/Users/jane/sm-ssh.js proxy %n');
    expect(configPath('C:\\Users\\jane\\.ssh\\id_ed25519', 'win32')).toBe('C:/Users/jane/.ssh/id_ed25519');
  });

  it('knows a path in npx’s cache', () => {
    expect(isInNpxCache('/home/jane/.npm/_npx/1a2b/node_modules/x/sm-ssh.js')).toBe(true);
    expect(isInNpxCache('/home/jane/src/repo/cli/dist/src/bin/sm-ssh.js')).toBe(false);
  });
});

describe('writing the file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-config-write-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates ~/.ssh 0700 and the file 0600, leaving no temp file behind', () => {
    const file = path.join(dir, '.ssh', 'config');
    writeFileAtomic(file, 'Host x\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('Host x\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config']);
  });

  it('tightens a 0644 file to 0600, and writes through a symlink, which stays a symlink', () => {
    const real = path.join(dir, 'dotfiles-config');
    fs.writeFileSync(real, 'old\n', { mode: 0o644 });
    const link = path.join(dir, 'config');
    fs.symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new\n');
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
  });
});
