import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DOMAIN_NAME, DEFAULT_PROFILE } from '@studio-teams/schema';
import { countingEndpoint, runCli } from './helpers/run-cli';

let home: string;
let endpoint: Awaited<ReturnType<typeof countingEndpoint>>;
let env: Record<string, string>;

beforeAll(async () => {
  endpoint = await countingEndpoint();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-studio-home-'));
  env = {
    HOME: home,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_MAX_ATTEMPTS: '1',
  };
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const COMMANDS = [
  ['up'],
  ['down'],
  ['down-all'],
  ['delete'],
  ['status'],
  ['status-all'],
  ['spaces'],
  ['spaces', 'list'],
  ['spaces', 'create'],
  ['spaces', 'delete'],
];

describe('help', () => {
  it('documents the credentials and region rule with the real defaults', async () => {
    const r = await runCli(['--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`the profile "${DEFAULT_PROFILE}"`);
    expect(r.stdout).toContain(`(default: "${DEFAULT_DOMAIN_NAME}")`);
    expect(r.stdout).toMatch(/--profile; else AWS_PROFILE; else AWS_ACCESS_KEY_ID/);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted');
  });

  it.each(COMMANDS.map((c) => [c.join(' ')]))(
    '%s --help shows examples and the global options',
    async (line) => {
      const cmd = line.split(' ');
      const r = await runCli([...cmd, '--help'], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      if (cmd[0] !== 'spaces' || cmd.length > 1) expect(r.stdout).toContain('--profile <name>');
    },
  );
});

describe('usage errors exit 2 before any AWS call', () => {
  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['up', '--app', 'rstudio'], /argument 'rstudio' is invalid/],
    [['delete'], /required option '--space <name>' not specified/],
    [['status', '--nope'], /unknown option '--nope'/],
    [['up', '--space', 'team_x'], /space name "team_x" may only contain letters, digits and hyphens/],
    [['status', '--user', 'jane.doe'], /user profile name "jane.doe" may only contain/],
    [['status-all', '--domain', '-bad'], /domain name "-bad"/],
    [['spaces', 'create', 'x'.repeat(64)], /at most 63/],
    [['down-all'], /refusing to stop every app in the domain without a terminal .*; pass --yes/],
    [['delete', '--space', 'team'], /refusing to delete space team without a terminal .*; pass --yes/],
    [['spaces', 'delete', 'team'], /pass --yes/],
  ])('%j', async (argv, message) => {
    const before = endpoint.count();
    const r = await runCli(argv, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(endpoint.count()).toBe(before);
  });

  it('says how to set a region when there is none', async () => {
    const r = await runCli(['status'], { env: { ...env, AWS_REGION: undefined } });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error: no AWS region: pass --region, set AWS_REGION, or add a region to ~/.aws/config\n',
    );
  });
});

describe('failures are one line, exit 1', () => {
  it('explains how to configure credentials when there are none', async () => {
    const r = await runCli(['status'], {
      env: {
        HOME: home,
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: endpoint.url,
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: no AWS credentials found: add a \[profile sagemaker\].*or pass --profile NAME\n$/,
    );
  });

  it('names a profile that does not exist', async () => {
    const r = await runCli(['status', '--profile', 'nope'], { env: { HOME: home, AWS_REGION: 'us-east-1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: AWS profile "nope" gave no credentials/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints the stack only with --debug or DEBUG=sm-studio', async () => {
    const plain = await runCli(['status-all'], { env });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(/AWS kept failing \(sagemaker:ListDomains\) with HTTP 500/);
    const debug = await runCli(['status-all', '--debug'], { env });
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    const viaEnv = await runCli(['status-all'], { env: { ...env, DEBUG: 'sm-studio' } });
    expect(viaEnv.stderr).toMatch(/\n\s+at /);
  });
});

describe('Ctrl-C', () => {
  it('exits 130 with the promised message', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runCli(['status-all'], { env, signal: ac.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted; apps already asked to stop keep stopping');
  });
});
