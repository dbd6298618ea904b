import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAppCommand,
  CreateSpaceCommand,
  DeleteAppCommand,
  DescribeAppCommand,
  SageMakerClient,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import { CreateActivationCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { freePort, loginUser, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { BLOCK_START } from '../../src/ssh/ssh-config-block';
import { bundleSmSsh, runProcess, runSshCli, sshSeed } from './support';

/**
 * sm-ssh end to end with real OpenSSH on loopback: `init` writes the key parameter and the config
 * block, then plain `ssh -F <config> sm-<name>` runs `sm-ssh proxy` as its ProxyCommand, which opens
 * SageMaker's (or SSM's) StartSession on the local Studio and bridges ssh over the data channel to
 * the sandbox container's sshd. Every test is bounded; the figures are printed at the end.
 */
jest.setTimeout(120_000);

const people = sshSeed();
let studio: TestStudio;
let home: string;
let config: string;
let bundle: ReturnType<typeof bundleSmSsh>;
let env: Record<string, string>;
const user = loginUser();
const figures: Record<string, number> = {};

/** The laptop's own config before init: global settings, a host, comments. Must survive byte for byte. */
const userConfig = (dir: string) =>
  [
    '# my laptop, edited by hand',
    `UserKnownHostsFile ${path.join(dir, 'known_hosts')}`,
    'GlobalKnownHostsFile /dev/null',
    'BatchMode yes   # no prompts in tests',
    'LogLevel ERROR',
    '',
    'Host other',
    '  HostName other.example.org',
    '',
  ].join('\n');

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const sm = (argv: string[]) =>
  runSshCli(argv, { env, self: { node: process.execPath, script: bundle.script } });
const smProcess = (
  argv: string[],
  opts: Parameters<typeof runProcess>[2] extends infer O ? Partial<O> : never = {},
) => runProcess(process.execPath, [bundle.script, ...argv], { env, timeoutMs: 60_000, ...opts });
const ssh = (args: string[], opts: Partial<Parameters<typeof runProcess>[2]> = {}) =>
  runProcess('ssh', ['-F', config, ...args], { env, timeoutMs: 60_000, ...opts });
const scp = (args: string[]) => runProcess('scp', ['-F', config, ...args], { env, timeoutMs: 90_000 });

function adminClients() {
  const config = {
    endpoint: studio.env.AWS_ENDPOINT_URL,
    region: 'us-east-1',
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  };
  return { sagemaker: new SageMakerClient(config), ssm: new SSMClient(config) };
}

const containerOf = (space: string) =>
  studio.emulator.snapshot().ssh.containers.find((c) => c.kind === 'space' && c.target.endsWith(`/${space}`));

beforeAll(async () => {
  studio = await startTestStudio({ seed: people.seed, timing: { pendingMs: 1500, deletingMs: 300 } });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ssh-e2e-'));
  config = path.join(home, 'ssh_config');
  fs.writeFileSync(config, userConfig(home));
  bundle = bundleSmSsh();
  env = {
    ...studio.env,
    HOME: home,
    SM_SSH_USER: user,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});

afterAll(async () => {
  if (Object.keys(figures).length > 0) console.log(`sm-ssh e2e figures: ${JSON.stringify(figures)}`);
  await studio?.close();
  bundle?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

afterEach(() => expect(studio.emulator.violations()).toEqual([]));

test('init --yes: makes the key, stores it in the parameter, adds the block and keeps the rest', async () => {
  const started = Date.now();
  const r = await sm(['init', '--yes', '--ssh-config', config, '--forward-agent']);
  figures.init_ms = Date.now() - started;
  expect(r.stderr).toMatch(/created ~\/.ssh\/id_ed25519 and ~\/.ssh\/id_ed25519.pub/);
  expect(r.stdout).toMatch(
    /^Stored key SHA256:\S+ \(ssh-ed25519, ~\/.ssh\/id_ed25519.pub\) in \/studio-teams\/ssh\/ana-cli\w+\/public-keys \(1 key\)$/m,
  );
  expect(r.stdout).toMatch(/Connect with: sm-ssh connect lab/);
  expect(r.code).toBe(0);

  const publicKey = fs.readFileSync(path.join(home, '.ssh', 'id_ed25519.pub'), 'utf8').trim();
  const { ssm } = adminClients();
  const stored = await ssm.send(
    new GetParameterCommand({ Name: `/studio-teams/ssh/${people.profile}/public-keys` }),
  );
  expect(stored.Parameter?.Value).toBe(publicKey);
  ssm.destroy();

  const text = fs.readFileSync(config, 'utf8');
  expect(fs.statSync(config).mode & 0o777).toBe(0o600);
  const block = text.slice(text.indexOf(BLOCK_START), text.indexOf('Host other'));
  expect(text.replace(block, '')).toBe(userConfig(home));
  expect(block).toContain(`  User ${user}\n`);
  expect(block).toContain(`Host sm-lab\n  HostKeyAlias sm-lab.${studio.emulator.domainId('datascience')}\n`);
  expect(block).toContain(`  IdentityFile ${path.join(home, '.ssh', 'id_ed25519')}\n`);
  expect(block).toContain(
    `  ProxyCommand ${process.execPath} ${bundle.script} --region us-east-1 proxy %n\n`,
  );

  // Again: nothing new to store, the block replaced rather than added twice.
  const again = await sm(['init', '--yes', '--ssh-config', config, '--forward-agent']);
  expect(again.stdout).toMatch(/^Key SHA256:\S+ .* was already in /m);
  expect(fs.readFileSync(config, 'utf8')).toBe(text);
});

test('a space with remote access off: connect says exactly how to turn it on, and changes nothing', async () => {
  const r = await sm(['connect', 'lab', '--ssh-config', config]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    `error: remote access is off for space lab: turn it on with \`sm-ssh connect lab --enable-remote-access\` ` +
      `(restarts its running app), or run \`aws sagemaker update-space --domain-id ${studio.emulator.domainId('datascience')} ` +
      '--space-name lab --space-settings RemoteAccess=ENABLED`\n',
  );
  const proxied = await ssh(['sm-lab', 'true']);
  expect(proxied.code).toBe(255);
  expect(proxied.stderr).toMatch(
    /^error: remote access is off for space lab: run `sm-ssh connect lab --enable-remote-access`$/m,
  );
});

test('connect --enable-remote-access --yes: turns it on, restarts the app, then runs ssh with our arguments', async () => {
  const r = await smProcess([
    'connect',
    'lab',
    '--ssh-config',
    config,
    '--enable-remote-access',
    '--yes',
    '--',
    'echo',
    'ok;',
    'whoami',
  ]);
  expect(r.stderr).toMatch(/turned on remote access for space lab/);
  expect(r.stderr).toMatch(/the app of space lab is running/);
  expect(r.stdout.toString()).toBe(`ok\n${user}\n`);
  expect(r.code).toBe(0);
  figures.enable_and_restart_then_connect_ms = r.ms;
});

test('plain ssh sm-lab echo ok: connect time, and the session is terminated when ssh hangs up', async () => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await ssh(['sm-lab', 'echo ok']);
    expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
      code: 0,
      stdout: 'ok\n',
      stderr: '',
    });
    times.push(r.ms);
  }
  figures.connect_ms = times.sort((a, b) => a - b)[2]!;
  // Every session ssh used is over on the emulator's side too, not left open.
  const deadline = Date.now() + 5000;
  let open = studio.emulator.snapshot().ssh.sessions.filter((s) => s.endedAt === null);
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    open = studio.emulator.snapshot().ssh.sessions.filter((s) => s.endedAt === null);
  }
  expect(open).toEqual([]);
});

test("connect passes ssh's exit code through", async () => {
  const r = await smProcess(['connect', 'sm-lab', '--ssh-config', config, '--', 'exit 7']);
  expect(r.code).toBe(7);
});

test('scp of 50 MB both ways keeps every byte; throughput next to direct scp to the same sshd', async () => {
  const local = path.join(home, 'fifty.bin');
  const fd = fs.openSync(local, 'w');
  for (let i = 0; i < 50; i++) fs.writeSync(fd, randomBytes(1024 * 1024));
  fs.closeSync(fd);
  const mb = 50;

  const up = await scp([local, 'sm-lab:fifty.bin']);
  expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: '' });
  const remote = path.join(containerOf('lab')!.home, 'fifty.bin');
  expect(sha256(remote)).toBe(sha256(local));
  const back = path.join(home, 'fifty.back');
  const down = await scp(['sm-lab:fifty.bin', back]);
  expect({ code: down.code, stderr: down.stderr }).toEqual({ code: 0, stderr: '' });
  expect(sha256(back)).toBe(sha256(local));
  figures.scp_mb_s = round((2 * mb) / ((up.ms + down.ms) / 1000));

  // The same copies straight to the container's sshd port, without the data channel.
  const port = containerOf('lab')!.sshd!.port;
  const direct = (from: string, to: string) =>
    runProcess(
      'scp',
      [
        '-F',
        '/dev/null',
        '-P',
        String(port),
        '-o',
        'BatchMode=yes',
        '-o',
        'LogLevel=ERROR',
        '-o',
        `UserKnownHostsFile=${path.join(home, 'known_hosts_direct')}`,
        '-o',
        'StrictHostKeyChecking=accept-new',
        '-o',
        'IdentitiesOnly=yes',
        '-i',
        path.join(home, '.ssh', 'id_ed25519'),
        from,
        to,
      ],
      { env, timeoutMs: 60_000 },
    );
  const dUp = await direct(local, `${user}@127.0.0.1:direct.bin`);
  const dDown = await direct(`${user}@127.0.0.1:direct.bin`, path.join(home, 'direct.back'));
  expect([dUp.code, dDown.code]).toEqual([0, 0]);
  figures.direct_scp_mb_s = round((2 * mb) / ((dUp.ms + dDown.ms) / 1000));
  figures.scp_ratio = round(figures.scp_mb_s / figures.direct_scp_mb_s);
  for (const f of [
    local,
    back,
    remote,
    path.join(home, 'direct.back'),
    path.join(containerOf('lab')!.home, 'direct.bin'),
  ])
    fs.rmSync(f, { force: true });
});

test('-L forwards a local port to a web server running in the container', async () => {
  const remotePort = await freePort();
  const localPort = await freePort();
  const server = `require('http').createServer((q, s) => s.end('hello from ' + process.env.HOME)).listen(${remotePort}, '127.0.0.1', () => console.log('listening'))`;
  let child: ChildProcess | undefined;
  const listening = new Promise<void>((resolve) => {
    child = spawn(
      'ssh',
      ['-F', config, '-L', `${localPort}:127.0.0.1:${remotePort}`, 'sm-lab', `node -e "${server}"`],
      {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
  });
  try {
    await Promise.race([
      listening,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no server')), 20_000)),
    ]);
    const body = await new Promise<string>((resolve, reject) =>
      http
        .get(`http://127.0.0.1:${localPort}/`, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject),
    );
    expect(body).toBe(`hello from ${containerOf('lab')!.home}`);
  } finally {
    child?.kill('SIGTERM');
  }
});

test('-A forwards the laptop ssh-agent: the container sees our key in it', async () => {
  const sock = path.join(home, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const agentEnv = { ...env, SSH_AUTH_SOCK: sock };
    execFileSync('ssh-add', ['-q', path.join(home, '.ssh', 'id_ed25519')], { env: agentEnv });
    const fingerprint = execFileSync('ssh-keygen', ['-lf', path.join(home, '.ssh', 'id_ed25519.pub')], {
      encoding: 'utf8',
    }).split(' ')[1];
    const r = await runProcess(
      'ssh',
      ['-F', config, '-A', 'sm-lab', 'ssh-add -l; echo "sock=$SSH_AUTH_SOCK"'],
      { env: agentEnv, timeoutMs: 30_000 },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain(fingerprint);
    expect(r.stdout.toString()).toMatch(/sock=\/\S+/);
  } finally {
    agent.kill('SIGTERM');
  }
});

test("another user's space cannot be reached: refused by sm-ssh, and by the service when sm-ssh is fooled", async () => {
  const r = await ssh(['sm-bo-lab', 'true']);
  expect(r.code).toBe(255);
  expect(r.stderr).toMatch(
    new RegExp(
      `^error: space bo-lab belongs to ${people.otherProfile}; you can only connect to your own spaces`,
      'm',
    ),
  );

  // Claiming to be the owner (--user) gets past our own checks once bo's space is ready for remote
  // access (enabled, app restarted); StartSession still refuses the caller.
  const { sagemaker } = adminClients();
  const domainId = studio.emulator.domainId('datascience');
  const app = { DomainId: domainId, SpaceName: 'bo-lab', AppType: 'JupyterLab' as const, AppName: 'default' };
  await sagemaker.send(
    new UpdateSpaceCommand({
      DomainId: domainId,
      SpaceName: 'bo-lab',
      SpaceSettings: { RemoteAccess: 'ENABLED' },
    }),
  );
  await sagemaker.send(new DeleteAppCommand(app));
  for (let i = 0; i < 100 && (await sagemaker.send(new DescribeAppCommand(app))).Status !== 'Deleted'; i++)
    await sleep(100);
  await sagemaker.send(new CreateAppCommand(app));
  for (let i = 0; i < 100 && (await sagemaker.send(new DescribeAppCommand(app))).Status !== 'InService'; i++)
    await sleep(100);
  sagemaker.destroy();
  const proxy = `${process.execPath} ${bundle.script} --user ${people.otherProfile} proxy %n`;
  const spoofed = await ssh(['-o', `ProxyCommand=${proxy}`, 'sm-bo-lab', 'true']);
  expect(spoofed.code).toBe(255);
  expect(spoofed.stderr).toMatch(/you may not call sagemaker:StartSession .*belongs to user profile/);
  // One line from sm-ssh; ssh adds its own about the closed connection.
  expect(spoofed.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
});

test('a stopped space: the proxy says how to start it; connect starts it with progress; Ctrl-C while waiting is 130', async () => {
  const { sagemaker } = adminClients();
  for (const name of ['notes', 'scratch']) {
    await sagemaker.send(
      new CreateSpaceCommand({
        DomainId: studio.emulator.domainId('datascience'),
        SpaceName: name,
        OwnershipSettings: { OwnerUserProfileName: people.profile },
        SpaceSharingSettings: { SharingType: 'Private' },
        SpaceSettings: { AppType: 'CodeEditor', RemoteAccess: 'ENABLED' },
      }),
    );
  }
  sagemaker.destroy();
  const proxied = await ssh(['sm-notes', 'true']);
  expect(proxied.stderr).toMatch(/^error: space notes is stopped: `sm-ssh connect notes` starts it/m);

  const r = await smProcess(['connect', 'notes', '--ssh-config', config, '--', 'echo', 'up']);
  expect(r.stderr).toMatch(/starting the CodeEditor app of notes/);
  expect(r.stderr).toMatch(/added sm-notes to the sm-ssh block/);
  expect(r.stdout.toString()).toBe('up\n');
  expect(r.code).toBe(0);
  expect(fs.readFileSync(config, 'utf8')).toContain('Host sm-notes\n  HostKeyAlias sm-notes.');

  const interrupted = await smProcess(['connect', 'scratch', '--ssh-config', config], {
    onStderr: (text, child) => {
      if (/starting the CodeEditor app/.test(text) && !child.killed) child.kill('SIGINT');
    },
  });
  expect(interrupted.code).toBe(130);
  expect(interrupted.stderr).toMatch(/interrupted; an app already asked to start keeps starting\n$/);
});

test('an activated container: listed by name, reached with SSM StartSession (AWS-StartSSHSession)', async () => {
  const { ssm } = adminClients();
  const activation = await ssm.send(
    new CreateActivationCommand({
      IamRole: `studio-${people.profile}`,
      RegistrationLimit: 1,
      DefaultInstanceName: `${people.profile}-kg`,
      Tags: [
        { Key: 'owner', Value: people.profile },
        { Key: 'domain', Value: studio.emulator.domainId('datascience') },
      ],
    }),
  );
  ssm.destroy();
  const registered = await fetch(`${studio.emulator.url}/_emulator/agents/register`, {
    method: 'POST',
    body: JSON.stringify({
      activationId: activation.ActivationId,
      activationCode: activation.ActivationCode,
    }),
  });
  expect(registered.status).toBe(201);
  const { instanceId } = (await registered.json()) as { instanceId: string };

  const list = await sm(['list', '--json']);
  expect(list.code).toBe(0);
  const targets = (
    JSON.parse(list.stdout) as { targets: { host: string; kind: string; reachable: boolean }[] }
  ).targets;
  expect(targets.map((t) => [t.host, t.kind, t.reachable])).toEqual(
    expect.arrayContaining([
      [`sm-${people.profile}-kg`, 'instance', true],
      ['sm-lab', 'space', true],
      ['sm-notes', 'space', true],
    ]),
  );
  expect(targets.map((t) => t.host)).not.toContain('sm-bo-lab');
  const human = await sm(['list']);
  expect(human.stdout).toMatch(
    new RegExp(`sm-${people.profile}-kg\\s+container\\s+Online\\s+-\\s+${instanceId}`),
  );

  const r = await ssh([`sm-${people.profile}-kg`, 'echo ok']);
  expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
    code: 0,
    stdout: 'ok\n',
    stderr: '',
  });
  const session = studio.emulator.snapshot().ssh.sessions.find((s) => s.target === instanceId);
  expect(session?.via).toBe('ssm');
});

test('while the data channel drops, duplicates and reorders frames, ssh still carries every byte', async () => {
  const admin = `${studio.emulator.url}/_emulator/data-channel`;
  const put = await fetch(admin, {
    method: 'PUT',
    body: JSON.stringify({ drop: 0.1, duplicate: 0.05, reorder: 'shuffle', seed: 11 }),
  });
  expect(put.status).toBe(200);
  try {
    const data = randomBytes(1024 * 1024);
    const r = await ssh(['sm-lab', 'cat > chaos.bin && sha256sum chaos.bin'], { input: data });
    expect(r.stderr).toBe('');
    expect(r.stdout.toString().split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'));
  } finally {
    await fetch(admin, { method: 'PUT', body: JSON.stringify({ drop: 0, duplicate: 0, reorder: 'none' }) });
  }
});

test('vscode prints the Remote-SSH command when `code` is absent, and runs it when present', async () => {
  const noCode = await runSshCli(['vscode', 'lab', '--ssh-config', config], {
    env: { ...env, PATH: '/usr/bin:/bin' },
  });
  expect(noCode.code).toBe(0);
  expect(noCode.stderr).toMatch(/`code` command is not on PATH/);
  // The local login user's home is not Studio's: no folder, VS Code asks.
  expect(noCode.stdout).toBe('code --remote ssh-remote+sm-lab\n');

  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  const record = path.join(home, 'code-args');
  fs.writeFileSync(path.join(bin, 'code'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`, { mode: 0o755 });
  const withCode = await runSshCli(['vscode', 'sm-lab', '--ssh-config', config, '--dir', '/work'], {
    env: { ...env, PATH: `${bin}:/usr/bin:/bin` },
  });
  expect(withCode.code).toBe(0);
  expect(fs.readFileSync(record, 'utf8')).toBe('--remote\nssh-remote+sm-lab\n/work\n');
});

test('proxy --plugin hands the session to session-manager-plugin, as the AWS CLI does, and passes its exit code', async () => {
  const bin = path.join(home, 'plugin-bin');
  fs.mkdirSync(bin, { recursive: true });
  const record = path.join(home, 'plugin-args');
  fs.writeFileSync(
    path.join(bin, 'session-manager-plugin'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 3\n`,
    {
      mode: 0o755,
    },
  );
  const r = await smProcess(['proxy', '--plugin', 'sm-lab'], { env: { ...env, PATH: `${bin}:${env.PATH}` } });
  expect(r.code).toBe(3);
  expect(r.stdout.length).toBe(0);
  const [response, region, operation, profile, request, endpoint] = fs
    .readFileSync(record, 'utf8')
    .split('\n');
  expect(JSON.parse(response!)).toEqual({
    SessionId: expect.any(String),
    StreamUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/data-channel\//),
    TokenValue: expect.any(String),
  });
  expect([region, operation, profile, endpoint]).toEqual([
    'us-east-1',
    'StartSession',
    '',
    studio.env.AWS_ENDPOINT_URL,
  ]);
  expect(JSON.parse(request!)).toEqual({ Target: expect.stringMatching(/:space\/d-\w+\/lab$/) });
});

test('the block names the profile and region init used: ssh started without them (VS Code from the dock) still gets there', async () => {
  const aws = path.join(home, '.aws');
  fs.mkdirSync(aws, { recursive: true });
  fs.writeFileSync(
    path.join(aws, 'credentials'),
    `[studio]\naws_access_key_id = ${studio.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${studio.env.AWS_SECRET_ACCESS_KEY}\n` +
      `aws_session_token = ${studio.env.AWS_SESSION_TOKEN}\n`,
  );
  fs.writeFileSync(path.join(aws, 'config'), '[profile studio]\nregion = us-east-1\n');
  const files = {
    AWS_CONFIG_FILE: path.join(aws, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(aws, 'credentials'),
  };
  const {
    AWS_ACCESS_KEY_ID: _k,
    AWS_SECRET_ACCESS_KEY: _s,
    AWS_SESSION_TOKEN: _t,
    AWS_REGION: _r,
    AWS_DEFAULT_REGION: _d,
    ...bare
  } = env;
  const guiConfig = path.join(home, 'gui_config');
  fs.writeFileSync(guiConfig, userConfig(home));
  const init = await runSshCli(['init', '--ssh-config', guiConfig], {
    env: { ...bare, ...files, AWS_PROFILE: 'studio' },
    self: { node: process.execPath, script: bundle.script },
  });
  expect(init.code).toBe(0);
  expect(fs.readFileSync(guiConfig, 'utf8')).toContain(
    `  ProxyCommand ${process.execPath} ${bundle.script} --profile studio --region us-east-1 proxy %n\n`,
  );
  // No AWS_PROFILE, no region, no keys in the environment: only the files and the endpoint.
  const r = await runProcess('ssh', ['-F', guiConfig, 'sm-lab', 'echo ok'], {
    env: { ...bare, ...files },
    timeoutMs: 60_000,
  });
  expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
    code: 0,
    stdout: 'ok\n',
    stderr: '',
  });
});

const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
