import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
  type GetCommandInvocationCommandOutput,
} from '@aws-sdk/client-ssm';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { clientConfig, failure, smallSeed, tempDir } from './support/harness';

const BASTION = 'i-0b4571011ba57e0a1';

/** Gone, or a zombie no one has reaped yet (containers often run without an init that reaps). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('SSM Run Command on the bastion (really runs, in the sandbox)', () => {
  const sandbox = tempDir();
  let emulator: RunningEmulator;
  let ssm: SSMClient;

  beforeAll(async () => {
    emulator = await startEmulator({ sandboxDir: sandbox.path, seed: smallSeed(), strict: true });
    ssm = new SSMClient(clientConfig(emulator.url, { maxAttempts: 1 }));
  });
  afterAll(async () => {
    const violations = emulator.violations();
    ssm.destroy();
    await emulator.close();
    sandbox.remove();
    expect(violations).toEqual([]);
  });

  async function run(commands: string[], extra: Record<string, string[]> = {}): Promise<string> {
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [BASTION],
        Parameters: { commands, ...extra },
      }),
    );
    expect(sent.Command?.Status).toBe('Pending');
    return sent.Command?.CommandId as string;
  }

  async function finished(commandId: string): Promise<GetCommandInvocationCommandOutput> {
    for (let i = 0; i < 300; i++) {
      const invocation = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: BASTION }),
      );
      if (invocation.Status !== 'InProgress' && invocation.Status !== 'Pending') return invocation;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`command ${commandId} did not finish`);
  }

  it('deletes a folder on the EFS, as `delete --space` does through the bastion', async () => {
    const folder = join(sandbox.path, 'mnt', 'efs', '200003');
    expect(existsSync(join(folder, 'README.md'))).toBe(true);
    const id = await run(['set -e', 'rm -rf "${EFS_MOUNT:-/mnt/efs}/200003"', 'echo removed 200003']);
    const invocation = await finished(id);
    expect(invocation).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'removed 200003\n',
    });
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(join(sandbox.path, 'mnt', 'efs', '200001'))).toBe(true);
  });

  it('reports Failed with the exit code, stdout and stderr of a failing command', async () => {
    const id = await run(['echo partial output', 'echo "du: cannot access" >&2', 'exit 3']);
    const invocation = await finished(id);
    expect(invocation).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'partial output\n',
      StandardErrorContent: 'du: cannot access\n',
    });
    expect(invocation.ExecutionEndDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const listed = await ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true }));
    const plugin = listed.CommandInvocations?.[0]?.CommandPlugins?.[0];
    expect(plugin).toMatchObject({ Name: 'aws:runShellScript', Status: 'Failed', ResponseCode: 3 });
    expect(plugin?.Output).toBe('partial output\n\n----------ERROR-------\ndu: cannot access\n');
    const commands = await ssm.send(new ListCommandsCommand({ CommandId: id }));
    expect(commands.Commands?.[0]).toMatchObject({
      Status: 'Failed',
      TargetCount: 1,
      CompletedCount: 1,
      ErrorCount: 1,
    });
  });

  it('runs in the sandbox with EFS_MOUNT set, and honours workingDirectory inside it', async () => {
    const here = await finished(await run(['pwd', 'echo "$EFS_MOUNT"', 'echo "$HOME"']));
    expect(here.StandardOutputContent).toBe(
      `${sandbox.path}\n${join(sandbox.path, 'mnt', 'efs')}\n${sandbox.path}\n`,
    );
    const efs = await finished(await run(['pwd'], { workingDirectory: ['/mnt/efs'] }));
    expect(efs.StandardOutputContent).toBe(`${join(sandbox.path, 'mnt', 'efs')}\n`);
    await finished(await run(['echo 1.2G /mnt/efs > du']));
    expect(readFileSync(join(sandbox.path, 'du'), 'utf8')).toBe('1.2G /mnt/efs\n');
  });

  it('times out with TimedOut and kills the command', async () => {
    const started = Date.now();
    const invocation = await finished(
      await run(['sleep 20 & echo $! > sleeper.pid', 'wait', 'echo never'], { executionTimeout: ['1'] }),
    );
    expect(invocation).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'ExecutionTimedOut',
      ResponseCode: -1,
    });
    expect(invocation.StandardOutputContent).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
    const sleeper = Number(readFileSync(join(sandbox.path, 'sleeper.pid'), 'utf8'));
    expect(isRunning(sleeper)).toBe(false);
  });

  it('truncates output as AWS does: the first 24,000 characters of stdout, 8,000 of stderr', async () => {
    const invocation = await finished(
      await run(["head -c 30000 /dev/zero | tr '\\0' o", "head -c 9000 /dev/zero | tr '\\0' e >&2"]),
    );
    expect(invocation.StandardOutputContent).toHaveLength(24000);
    expect(invocation.StandardErrorContent).toHaveLength(8000);
    const listed = await ssm.send(
      new ListCommandInvocationsCommand({ CommandId: invocation.CommandId, Details: true }),
    );
    expect(listed.CommandInvocations?.[0]?.CommandPlugins?.[0]?.Output).toHaveLength(2500);
  });

  it('lists commands and invocations newest first, with filters and pages', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await run([`echo ${i}`]));
    for (const id of ids) await finished(id);
    const page = await ssm.send(new ListCommandInvocationsCommand({ InstanceId: BASTION, MaxResults: 2 }));
    expect(page.CommandInvocations?.map((c) => c.CommandId)).toEqual([ids[2], ids[1]]);
    expect(page.CommandInvocations?.[0]?.CommandPlugins).toEqual([]);
    const next = await ssm.send(
      new ListCommandInvocationsCommand({ InstanceId: BASTION, MaxResults: 2, NextToken: page.NextToken }),
    );
    expect(next.CommandInvocations?.[0]?.CommandId).toBe(ids[0]);
    const failed = await ssm.send(new ListCommandsCommand({ Filters: [{ key: 'Status', value: 'Failed' }] }));
    expect(failed.Commands?.every((c) => c.Status === 'Failed')).toBe(true);
    expect(failed.Commands?.length).toBeGreaterThan(0);
    const running = await ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Executing' }] }),
    );
    expect(running.Commands).toEqual([]);
    const later = await ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'InvokedAfter', value: '2999-01-01T00:00:00Z' }] }),
    );
    expect(later.Commands).toEqual([]);
    expect(emulator.snapshot().commands.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the SSM errors AWS answers', async () => {
    const send = (input: Partial<ConstructorParameters<typeof SendCommandCommand>[0]>) =>
      ssm.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [BASTION],
          Parameters: { commands: ['true'] },
          ...input,
        }),
      );
    expect((await failure(() => send({ InstanceIds: ['i-0123456789abcdef0'] }))).name).toBe(
      'InvalidInstanceId',
    );
    expect((await failure(() => send({ InstanceIds: ['mi-0123456789abcdef0'] }))).name).toBe(
      'InvalidInstanceId',
    );
    expect((await failure(() => send({ DocumentName: 'AWS-RunPowerShellScript' }))).name).toBe(
      'InvalidDocument',
    );
    expect((await failure(() => send({ Parameters: {} }))).name).toBe('InvalidParameters');
    expect((await failure(() => send({ Parameters: { commands: ['true'], shell: ['zsh'] } }))).name).toBe(
      'InvalidParameters',
    );
    expect(
      (await failure(() => send({ Parameters: { commands: ['true'], executionTimeout: ['soon'] } }))).name,
    ).toBe('InvalidParameters');
    expect(
      (await failure(() => send({ Parameters: { commands: ['true'], workingDirectory: ['../..'] } }))).name,
    ).toBe('InvalidParameters');
    expect((await failure(() => send({ InstanceIds: [] }))).name).toBe('ValidationException');
    expect((await failure(() => send({ InstanceIds: ['bastion'] }))).name).toBe('ValidationException');
    expect((await failure(() => send({ TimeoutSeconds: 5 }))).name).toBe('ValidationException');

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (
        await failure(() =>
          ssm.send(new GetCommandInvocationCommand({ CommandId: unknown, InstanceId: BASTION })),
        )
      ).name,
    ).toBe('InvocationDoesNotExist');
    const id = await run(['true']);
    expect(
      (
        await failure(() =>
          ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: 'i-0123456789abcdef0' })),
        )
      ).name,
    ).toBe('InvocationDoesNotExist');
    expect(
      (
        await failure(() =>
          ssm.send(
            new GetCommandInvocationCommand({
              CommandId: id,
              InstanceId: BASTION,
              PluginName: 'aws:runPowerShellScript',
            }),
          ),
        )
      ).name,
    ).toBe('InvalidPluginName');
    expect((await failure(() => ssm.send(new ListCommandsCommand({ CommandId: unknown })))).name).toBe(
      'InvalidCommandId',
    );
    expect(
      (await ssm.send(new ListCommandInvocationsCommand({ CommandId: unknown }))).CommandInvocations,
    ).toEqual([]);
    expect(
      (await failure(() => ssm.send(new ListCommandInvocationsCommand({ NextToken: 'garbage' })))).name,
    ).toBe('InvalidNextToken');
    expect(
      (
        await failure(() =>
          ssm.send(
            new ListCommandInvocationsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Complete' }] }),
          ),
        )
      ).name,
    ).toBe('InvalidFilterKey');
    await finished(id);
  });
});

describe('SSM Run Command without a seed', () => {
  it('knows no instance, so every SendCommand is refused with InvalidInstanceId', async () => {
    const sandbox = tempDir();
    const emulator = await startEmulator({ sandboxDir: sandbox.path, strict: true });
    const ssm = new SSMClient(clientConfig(emulator.url, { maxAttempts: 1 }));
    try {
      const err = await failure(() =>
        ssm.send(
          new SendCommandCommand({
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: [BASTION],
            Parameters: { commands: ['true'] },
          }),
        ),
      );
      expect(err.name).toBe('InvalidInstanceId');
    } finally {
      ssm.destroy();
      await emulator.close();
      sandbox.remove();
    }
  });
});
