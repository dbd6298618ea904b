import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { checkEfsUid, efsCleanupScript, removeEfsFolder } from '../src/bastion';

const ssm = mockClient(SSMClient);
const client = new SSMClient({ region: 'us-east-1' });
afterEach(() => ssm.reset());
afterAll(() => ssm.restore());

describe('EFS clean-up script', () => {
  it('refuses anything but digits before it reaches a shell', () => {
    for (const bad of ['', '..', '1 2', '200001; rm -rf /', '$(id)', '../200001', '-1']) {
      expect(() => checkEfsUid(bad)).toThrow(/digits only/);
    }
    expect(checkEfsUid('200001')).toBe('200001');
  });

  it('removes exactly the folder of the uid under $EFS_MOUNT, and says so when it is gone', () => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'efs-'));
    try {
      fs.mkdirSync(path.join(mount, '200001', 'deep'), { recursive: true });
      fs.writeFileSync(path.join(mount, '200001', 'deep', 'f'), 'x');
      fs.mkdirSync(path.join(mount, '200002'));
      const script = efsCleanupScript('200001').join('\n');
      expect(script).toContain('"${EFS_MOUNT:-/mnt/efs}/200001"');
      const run = () => execFileSync('bash', ['-c', script], { env: { EFS_MOUNT: mount }, encoding: 'utf8' });
      expect(run()).toContain(`removed ${mount}/200001`);
      expect(fs.readdirSync(mount)).toEqual(['200002']);
      expect(run()).toContain('already gone');
    } finally {
      fs.rmSync(mount, { recursive: true, force: true });
    }
  });
});

describe('removeEfsFolder', () => {
  it('sends AWS-RunShellScript and polls until the command finishes', async () => {
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'c-1' } });
    ssm
      .on(GetCommandInvocationCommand)
      .rejectsOnce(Object.assign(new Error('not yet'), { name: 'InvocationDoesNotExist' }))
      .resolvesOnce({ Status: 'InProgress' })
      .resolves({ Status: 'Success', StandardOutputContent: 'removed /mnt/efs/200001\n', ResponseCode: 0 });
    const result = await removeEfsFolder(client, 'i-0123456789abcdef0', '200001', { pollMs: 1 });
    expect(result).toMatchObject({ status: 'Success', exitCode: 0 });
    const sent = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({ DocumentName: 'AWS-RunShellScript', InstanceIds: ['i-0123456789abcdef0'] });
    expect(sent?.Parameters?.commands?.join('\n')).toContain('/200001"');
  });

  it('turns a failed command into a message with its last line', async () => {
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'c-2' } });
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Failed', StandardErrorContent: 'rm: Permission denied\n' });
    await expect(removeEfsFolder(client, 'i-0123456789abcdef0', '7', { pollMs: 1 })).rejects.toThrow(
      /could not remove EFS folder 7 \(Failed: rm: Permission denied\)/,
    );
  });
});
