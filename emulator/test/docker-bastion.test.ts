import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDomainCommand, SageMakerClient, UpdateDomainCommand } from '@aws-sdk/client-sagemaker';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { BASTION_CONNECTION_SECRET } from '@studio-teams/schema';
import { openSshPublicKey } from '../src/containers/bastion';
import { loginUser } from '../src/containers/container-store';
import { loadSeed, startTestStudio, type TestStudio } from '../src/testing';
import { buildProxyCommand, makeKey, runSsh } from './support/ssh';

/**
 * The local bastion for Docker: SSM StartSession (AWS-StartSSHSession) to the seed's bastion id
 * reaches a sandbox sshd whose one key is the public half of the seeded connection secret's, and
 * DockerSettings live in DescribeDomain / UpdateDomain, settable from the seed.
 */
jest.setTimeout(60_000);

let studio: TestStudio;
let dir: string;
let proxy: string;
let ssm: SSMClient;
let sm: SageMakerClient;
let secretKeyFile: string;

beforeAll(async () => {
  const demo = loadSeed();
  const [first, ...rest] = demo.domains;
  // A region of its own: the bastion secret in the shared moto is this file's alone.
  studio = await startTestStudio({
    seed: { ...demo, region: 'ap-southeast-2', domains: [{ ...first!, dockerAccess: false }, ...rest] },
  });
  dir = mkdtempSync(join(tmpdir(), 'docker-bastion-'));
  proxy = buildProxyCommand(dir);
  const config = {
    endpoint: studio.emulator.url,
    region: 'ap-southeast-2',
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
    maxAttempts: 1,
  };
  ssm = new SSMClient(config);
  sm = new SageMakerClient(config);
  const secrets = new SecretsManagerClient(config);
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET }),
  );
  secrets.destroy();
  const value = JSON.parse(SecretString ?? '{}') as {
    instance_id: string;
    private_key: string;
    user: string;
  };
  expect(value.instance_id).toBe(studio.seed.bastionInstanceId);
  expect(value.user).toBe(loginUser());
  secretKeyFile = join(dir, 'bastion.pem');
  writeFileSync(secretKeyFile, Buffer.from(value.private_key, 'base64'), { mode: 0o600 });
});

afterAll(async () => {
  ssm?.destroy();
  sm?.destroy();
  await studio?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bastionSession = () =>
  ssm.send(
    new StartSessionCommand({
      Target: studio.seed.bastionInstanceId,
      DocumentName: 'AWS-StartSSHSession',
      Parameters: { portNumber: ['22'] },
    }),
  );

test("a team member opens an SSH session to the bastion; the secret's key logs in and runs a command", async () => {
  const session = await bastionSession();
  expect(session.SessionId).toMatch(/^jane\.doe-[0-9a-f]{17}$/);
  const result = await runSsh({
    dir,
    proxy,
    session,
    user: loginUser(),
    alias: 'sm-bastion',
    privateKey: secretKeyFile,
    command: 'echo on the bastion',
  });
  expect(result.stderr).toBe('');
  expect(result.stdout.toString()).toBe('on the bastion\n');
});

test("any other key is refused by the bastion's sshd", async () => {
  const other = makeKey(dir, 'other');
  const result = await runSsh({
    dir,
    proxy,
    session: await bastionSession(),
    user: loginUser(),
    alias: 'sm-bastion',
    privateKey: other.privateKey,
    command: 'true',
  });
  expect(result.code).toBe(255);
  expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
});

test('a document other than AWS-StartSSHSession is refused for the bastion too', async () => {
  await expect(
    ssm.send(
      new StartSessionCommand({
        Target: studio.seed.bastionInstanceId,
        DocumentName: 'AWS-StartInteractiveCommand',
      }),
    ),
  ).rejects.toThrow(/not available here/);
});

test.each(['rsa', 'ed25519'] as const)(
  'the public half of a %s PEM key is what ssh-keygen -y says',
  (type) => {
    const { privateKey } =
      type === 'rsa'
        ? generateKeyPairSync('rsa', {
            modulusLength: 2048,
            privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
            publicKeyEncoding: { type: 'spki', format: 'pem' },
          })
        : generateKeyPairSync('ed25519', {
            privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
            publicKeyEncoding: { type: 'spki', format: 'pem' },
          });
    const mine = openSshPublicKey(privateKey);
    if (type === 'rsa') {
      // OpenSSH reads PKCS#1 PEM (not PKCS#8 Ed25519): compare with its own derivation.
      const file = join(dir, `k-${type}`);
      writeFileSync(file, privateKey, { mode: 0o600 });
      expect(execFileSync('ssh-keygen', ['-y', '-f', file]).toString().trim()).toBe(mine.line);
      const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file])
        .toString()
        .split(' ')[1];
      expect(mine.fingerprint).toBe(fingerprint);
    } else {
      expect(mine.line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$/);
    }
  },
);

test('DockerSettings: seeded DISABLED, set with UpdateDomain, shown by DescribeDomain', async () => {
  const domainId = studio.emulator.domainId('datascience');
  const before = await sm.send(new DescribeDomainCommand({ DomainId: domainId }));
  expect(before.DomainSettings).toEqual({ DockerSettings: { EnableDockerAccess: 'DISABLED' } });
  const updated = await sm.send(
    new UpdateDomainCommand({
      DomainId: domainId,
      DomainSettingsForUpdate: {
        DockerSettings: { EnableDockerAccess: 'ENABLED', VpcOnlyTrustedAccounts: ['111122223333'] },
      },
    }),
  );
  expect(updated.DomainArn).toBe(before.DomainArn);
  const after = await sm.send(new DescribeDomainCommand({ DomainId: domainId }));
  expect(after.DomainSettings?.DockerSettings).toEqual({
    EnableDockerAccess: 'ENABLED',
    VpcOnlyTrustedAccounts: ['111122223333'],
  });
  await expect(sm.send(new UpdateDomainCommand({ DomainId: 'd-nope00000000' }))).rejects.toThrow(
    /does not exist/,
  );
});
