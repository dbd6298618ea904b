import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startMoto, type RunningMoto } from '@studio-teams/emulator';
import { parsePublicKey, type PublicKey } from '../../src/ssh/public-key';
import {
  authorizeKeyEdit,
  PARAMETER_MAX_CHARS,
  publicKeysParameterName,
  readPublicKeys,
  updatePublicKeys,
} from '../../src/ssh/public-keys-parameter';

/**
 * The key parameter over HTTP against moto's SSM (real PutParameter versions and history): keys are
 * added, never dropped unless asked, and a write racing ours loses nothing.
 */

let moto: RunningMoto | undefined;
let ssm: SSMClient;
let dir: string;

beforeAll(async () => {
  const endpoint = process.env.MOTO_URL ?? (moto = await startMoto()).url;
  ssm = new SSMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'key-parameter-'));
});
afterAll(async () => {
  ssm.destroy();
  await moto?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A profile no other test file uses, so the shared moto's parameters never collide. */
const profile = () => `keys-${randomBytes(4).toString('hex')}`;

function newKey(name: string): PublicKey {
  const file = path.join(dir, `${name}-${randomBytes(3).toString('hex')}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@laptop`, '-f', file]);
  return parsePublicKey(fs.readFileSync(`${file}.pub`, 'utf8'));
}

async function stored(user: string): Promise<string> {
  const out = await ssm.send(new GetParameterCommand({ Name: publicKeysParameterName(user) }));
  return out.Parameter?.Value ?? '';
}

it('is named per profile under /studio-teams/ssh', () => {
  expect(publicKeysParameterName('jane-doe')).toBe('/studio-teams/ssh/jane-doe/public-keys');
});

it('creates the parameter with the key, then adds a second key after the first', async () => {
  const user = profile();
  const laptop = newKey('laptop');
  const desktop = newKey('desktop');
  const first = await updatePublicKeys(ssm, user, authorizeKeyEdit(laptop));
  expect(first).toMatchObject({ written: true, version: 1 });
  expect(await stored(user)).toBe(laptop.line);
  const second = await updatePublicKeys(ssm, user, authorizeKeyEdit(desktop));
  expect(second).toMatchObject({ written: true, version: 2 });
  expect(await stored(user)).toBe(`${laptop.line}\n${desktop.line}`);
});

it('does not write when the key is already there, whatever its comment says now', async () => {
  const user = profile();
  const key = newKey('laptop');
  await updatePublicKeys(ssm, user, authorizeKeyEdit(key));
  const renamed = parsePublicKey(`${key.type} ${key.base64} renamed@laptop`);
  const again = await updatePublicKeys(ssm, user, authorizeKeyEdit(renamed));
  expect(again).toMatchObject({ written: false, version: 1 });
  expect(await stored(user)).toBe(key.line);
});

it('keeps lines it cannot parse exactly as they were, and drops only blank lines', async () => {
  const user = profile();
  const someone = newKey('someone');
  const odd = 'command="backup" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOdd';
  await ssm.send(
    new PutParameterCommand({
      Name: publicKeysParameterName(user),
      Type: 'String',
      Value: `${someone.line}\n\n${odd}\n`,
    }),
  );
  const key = newKey('laptop');
  await updatePublicKeys(ssm, user, authorizeKeyEdit(key));
  expect(await stored(user)).toBe(`${someone.line}\n${odd}\n${key.line}`);
  const read = await readPublicKeys(ssm, user);
  expect(read.lines.map((l) => l.kind)).toEqual(['key', 'other', 'key']);
});

it('replace: the key becomes the only one (and a second replace writes nothing)', async () => {
  const user = profile();
  await updatePublicKeys(ssm, user, authorizeKeyEdit(newKey('old')));
  await updatePublicKeys(ssm, user, authorizeKeyEdit(newKey('older')));
  const key = newKey('new');
  expect(await updatePublicKeys(ssm, user, authorizeKeyEdit(key, { replace: true }))).toMatchObject({
    written: true,
  });
  expect(await stored(user)).toBe(key.line);
  expect(await updatePublicKeys(ssm, user, authorizeKeyEdit(key, { replace: true }))).toMatchObject({
    written: false,
  });
});

it('a write that races ours (another laptop of the same person) keeps both keys', async () => {
  const user = profile();
  const first = newKey('first');
  await updatePublicKeys(ssm, user, authorizeKeyEdit(first));
  const racer = newKey('racer');
  const mine = newKey('mine');
  // Our PutParameter is held until the other laptop's write has landed: between our read and our write.
  let raced = false;
  const racing = {
    send: async (command: unknown) => {
      if (command instanceof PutParameterCommand && !raced) {
        raced = true;
        await ssm.send(
          new PutParameterCommand({
            Name: publicKeysParameterName(user),
            Type: 'String',
            Overwrite: true,
            Value: `${first.line}\n${racer.line}`,
          }),
        );
      }
      return ssm.send(command as PutParameterCommand);
    },
  } as unknown as SSMClient;
  const update = await updatePublicKeys(racing, user, authorizeKeyEdit(mine));
  expect(raced).toBe(true);
  // 1 ours before, 2 the racer's, 3 ours on top of it (without the racer's key), 4 the repair.
  expect(update.version).toBe(4);
  expect(update.written).toBe(true);
  const lines = (await stored(user)).split('\n');
  expect(lines).toEqual(expect.arrayContaining([first.line, racer.line, mine.line]));
  expect(lines).toHaveLength(3);
});

it('refuses to grow past what a Standard parameter holds, and writes nothing', async () => {
  const user = profile();
  const many = Array.from({ length: 60 }, (_, i) => newKey(`k${i}`));
  let last = undefined as Awaited<ReturnType<typeof updatePublicKeys>> | undefined;
  let error: Error | undefined;
  for (const key of many) {
    try {
      last = await updatePublicKeys(ssm, user, authorizeKeyEdit(key));
    } catch (err) {
      error = err as Error;
      break;
    }
  }
  expect(error?.message).toMatch(new RegExp(`more than the ${PARAMETER_MAX_CHARS} an SSM parameter holds`));
  expect(error?.message).toMatch(/--replace-keys/);
  expect((await stored(user)).length).toBeLessThanOrEqual(PARAMETER_MAX_CHARS);
  expect(last?.written).toBe(true);
});
