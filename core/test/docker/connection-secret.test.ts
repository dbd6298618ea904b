import { generateKeyPairSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { BastionSecretError, parseBastionConnection, readBastionConnection } from '../../src/docker';

/** The bastion secret's shapes and failures; the denied and binary cases with a stubbed client. */

const NAME = 'sagemaker-bastion-connection';
const { privateKey: pem } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const base64 = Buffer.from(pem).toString('base64');
const keyBody = pem.split('\n')[1]!;

const errorOf = (fn: () => unknown): BastionSecretError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BastionSecretError);
    return err as BastionSecretError;
  }
  throw new Error('did not throw');
};

test("the original's form: base64 of the PEM; the login user defaults to Ubuntu's", () => {
  expect(
    parseBastionConnection(JSON.stringify({ instance_id: 'i-0123456789abcdef0', private_key: base64 }), NAME),
  ).toEqual({
    instanceId: 'i-0123456789abcdef0',
    privateKey: pem.endsWith('\n') ? pem : `${pem}\n`,
    user: 'ubuntu',
  });
});

test('PEM text with CRLF line ends and a user of its own', () => {
  const crlf = pem.trim().replace(/\n/g, '\r\n');
  const parsed = parseBastionConnection(
    JSON.stringify({ instance_id: 'i-0123456789abcdef0', private_key: crlf, user: 'ec2-user' }),
    NAME,
  );
  expect(parsed.privateKey).toBe(`${pem.trim()}\n`);
  expect(parsed.user).toBe('ec2-user');
});

test.each([
  ['not JSON', `{"instance_id": "i-0123456789abcdef0", "private_key": "${keyBody}`, 'is not JSON'],
  ['an array', '[]', 'is not a JSON object'],
  ['no instance id', JSON.stringify({ private_key: base64 }), 'has no "instance_id"'],
  [
    'a bad instance id',
    JSON.stringify({ instance_id: 'bastion', private_key: base64 }),
    'not an instance id',
  ],
  ['no key', JSON.stringify({ instance_id: 'i-0123456789abcdef0' }), 'has no "private_key"'],
  [
    'a key that is not one',
    JSON.stringify({ instance_id: 'i-0123456789abcdef0', private_key: keyBody }),
    'neither a PEM',
  ],
  [
    'a strange user',
    JSON.stringify({ instance_id: 'i-0123456789abcdef0', private_key: base64, user: 'a b;rm' }),
    'not a login name',
  ],
])('%s: a message naming what is wrong, quoting nothing of the secret', (_, text, expected) => {
  const err = errorOf(() => parseBastionConnection(text, NAME));
  expect(err.problem).toBe('invalid');
  expect(err.message).toContain(expected);
  expect(err.message).toContain(NAME);
  expect(err.message).not.toContain(keyBody.slice(0, 16));
  expect(err.message).not.toContain(base64.slice(0, 16));
});

describe('reading it', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  const client = new SecretsManagerClient({ region: 'us-east-1' });

  test('denied: says which permission to ask for', async () => {
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized'), {
        name: 'AccessDeniedException',
      }),
    );
    const err = (await readBastionConnection(client, NAME).catch((e: unknown) => e)) as BastionSecretError;
    expect(err).toBeInstanceOf(BastionSecretError);
    expect(err.problem).toBe('denied');
    expect(err.message).toBe(
      `this container's role may not read the secret ${NAME} (secretsmanager:GetSecretValue); ask your Studio admin for the permission`,
    );
  });

  test('a KMS key the role may not use counts as denied, and names kms:Decrypt', async () => {
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error('kms'), { name: 'DecryptionFailure' }));
    await expect(readBastionConnection(client, NAME)).rejects.toThrow(/kms:Decrypt/);
  });

  test('a binary secret is invalid; a network failure is unreachable', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(readBastionConnection(client, NAME)).rejects.toMatchObject({ problem: 'invalid' });
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error', code: 'ECONNREFUSED' }),
    );
    await expect(readBastionConnection(client, NAME)).rejects.toMatchObject({ problem: 'unreachable' });
  });
});
