import { randomUUID } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { AwsError } from '../http/aws-error';
import { paginate } from '../pagination';
import { epochSeconds, type Handler, type RequestContext } from '../services/service';
import type { CommandRecord, Invocation } from './command-store';
import { runShell } from './shell';

/** AWS-RunShellScript's parameters; anything else is refused as AWS refuses it. */
const RUN_SHELL_PARAMETERS = new Set(['commands', 'workingDirectory', 'executionTimeout']);
const PLUGIN_NAME = 'aws:runShellScript';
/** Our default for running a script: the bastion's jobs take seconds, a hung one should not linger. */
const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 60;
/** AWS's default delivery timeout (TimeoutSeconds), which the command reports back. */
const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 3600;
/** What AWS returns of each stream inline, and of both together in a plugin's Output. */
const STDOUT_LIMIT = 24000;
const STDERR_LIMIT = 8000;
const PLUGIN_OUTPUT_LIMIT = 2500;

const ssmError = (code: string, message: string): AwsError => new AwsError(code, message);

/**
 * ISO 8601 to the second: the model's StringDateTime pattern admits at most one fractional digit,
 * so AWS's usual milliseconds would not validate against it.
 */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const sendCommand: Handler = (input, ctx) => {
  const documentName = input['DocumentName'] as string;
  if (documentName !== 'AWS-RunShellScript')
    throw ssmError(
      'InvalidDocument',
      `Document ${documentName} is not available here; use AWS-RunShellScript`,
    );
  const instanceIds = (input['InstanceIds'] as string[] | undefined) ?? [];
  if (instanceIds.length === 0) {
    if (input['Targets'] !== undefined)
      throw ssmError('InvalidParameters', 'Targets are not supported by the local bastion; give InstanceIds');
    throw ssmError('ValidationException', 'Either InstanceIds or Targets must be specified');
  }
  const bastion = ctx.config.bastionInstanceId;
  const unknown = instanceIds.filter((id) => id !== bastion);
  if (unknown.length > 0) {
    throw ssmError(
      'InvalidInstanceId',
      `Instances [${unknown.join(', ')}] not in a valid state for account ${ctx.config.accountId}` +
        (bastion ? ` (the only managed instance is the bastion ${bastion})` : ''),
    );
  }
  if (new Set(instanceIds).size !== instanceIds.length)
    throw ssmError('DuplicateInstanceId', 'InstanceIds must not repeat');
  const parameters = (input['Parameters'] as Record<string, string[]> | undefined) ?? {};
  const bad = Object.keys(parameters).filter((p) => !RUN_SHELL_PARAMETERS.has(p));
  if (bad.length > 0)
    throw ssmError('InvalidParameters', `Unknown parameters for ${documentName}: ${bad.join(', ')}`);
  const commands = parameters['commands'] ?? [];
  if (commands.length === 0) throw ssmError('InvalidParameters', 'Parameter "commands" is required');
  const deliveryTimeout = input['TimeoutSeconds'];
  const timeoutSeconds = executionTimeout(parameters, deliveryTimeout);
  const cwd = workingDirectory(ctx, parameters);

  const record: CommandRecord = {
    id: randomUUID(),
    documentName,
    ...(typeof input['Comment'] === 'string' ? { comment: input['Comment'] } : {}),
    parameters,
    instanceIds,
    requestedAt: ctx.now(),
    timeoutSeconds: typeof deliveryTimeout === 'number' ? deliveryTimeout : DEFAULT_DELIVERY_TIMEOUT_SECONDS,
    seq: ctx.state.commands.nextSeq(),
    invocations: new Map(),
  };
  const response = { Command: commandView(ctx, record) };
  response.Command.Status = 'Pending';
  response.Command.StatusDetails = 'Pending';
  for (const instanceId of instanceIds) {
    record.invocations.set(instanceId, start(ctx, commands.join('\n'), instanceId, cwd, timeoutSeconds));
  }
  ctx.state.commands.commands.set(record.id, record);
  return response;
};

function executionTimeout(parameters: Record<string, string[]>, timeoutSeconds: unknown): number {
  const raw = parameters['executionTimeout']?.[0];
  if (raw === undefined)
    return typeof timeoutSeconds === 'number' ? timeoutSeconds : DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 172800)
    throw ssmError(
      'InvalidParameters',
      `executionTimeout must be a whole number of seconds from 1 to 172800`,
    );
  return seconds;
}

/** The bastion's `/` is the sandbox, so a workingDirectory such as `/mnt/efs` stays inside it. */
function workingDirectory(ctx: RequestContext, parameters: Record<string, string[]>): string {
  const root = ctx.config.sandboxDir;
  const wanted = parameters['workingDirectory']?.[0];
  if (wanted === undefined || wanted === '') return root;
  const dir = resolve(root, isAbsolute(wanted) ? `.${wanted}` : wanted);
  if (relative(root, dir).startsWith('..'))
    throw ssmError('InvalidParameters', `workingDirectory ${wanted} leaves the bastion's disk`);
  return dir;
}

function start(
  ctx: RequestContext,
  script: string,
  instanceId: string,
  cwd: string,
  timeout: number,
): Invocation {
  const invocation: Invocation = {
    instanceId,
    status: 'InProgress',
    statusDetails: 'InProgress',
    responseCode: -1,
    startedAt: ctx.now(),
    stdout: '',
    stderr: '',
  };
  const run = runShell(script, {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: ctx.config.sandboxDir,
      EFS_MOUNT: ctx.config.efsMount,
    },
    timeoutMs: timeout * 1000,
    keep: { stdout: STDOUT_LIMIT, stderr: STDERR_LIMIT },
  });
  invocation.run = run;
  void run.done.then((result) => {
    invocation.endedAt = ctx.now();
    invocation.stdout = result.stdout;
    invocation.stderr = result.stderr;
    if (result.timedOut) {
      invocation.status = 'TimedOut';
      invocation.statusDetails = 'ExecutionTimedOut';
      invocation.responseCode = -1;
    } else {
      invocation.responseCode = result.exitCode ?? -1;
      invocation.status = result.exitCode === 0 ? 'Success' : 'Failed';
      invocation.statusDetails = invocation.status;
    }
    delete invocation.run;
  });
  return invocation;
}

/** The command's status is its invocations' worst: one failed target fails the command. */
function commandStatus(record: CommandRecord): string {
  const statuses = [...record.invocations.values()].map((i) => i.status);
  for (const s of ['InProgress', 'Pending', 'TimedOut', 'Failed', 'Cancelled'] as const) {
    if (statuses.includes(s)) return s;
  }
  return 'Success';
}

function commandView(ctx: RequestContext, record: CommandRecord): Record<string, unknown> {
  const invocations = [...record.invocations.values()];
  const status = commandStatus(record);
  return {
    CommandId: record.id,
    DocumentName: record.documentName,
    DocumentVersion: '$DEFAULT',
    ...(record.comment !== undefined ? { Comment: record.comment } : {}),
    ExpiresAfter: epochSeconds(record.requestedAt + record.timeoutSeconds * 1000),
    Parameters: record.parameters,
    InstanceIds: record.instanceIds,
    Targets: [],
    RequestedDateTime: epochSeconds(record.requestedAt),
    Status: status,
    StatusDetails: status,
    OutputS3Region: ctx.config.region,
    MaxConcurrency: '50',
    MaxErrors: '0',
    TargetCount: record.instanceIds.length,
    CompletedCount: invocations.filter((i) => i.endedAt !== undefined).length,
    ErrorCount: invocations.filter((i) => i.status === 'Failed').length,
    DeliveryTimedOutCount: 0,
    TimeoutSeconds: record.timeoutSeconds,
  };
}

function pluginOutput(invocation: Invocation): string {
  const both = invocation.stderr
    ? `${invocation.stdout}\n----------ERROR-------\n${invocation.stderr}`
    : invocation.stdout;
  return both.slice(0, PLUGIN_OUTPUT_LIMIT);
}

function invocationView(
  record: CommandRecord,
  invocation: Invocation,
  details: boolean,
): Record<string, unknown> {
  return {
    CommandId: record.id,
    InstanceId: invocation.instanceId,
    InstanceName: '',
    ...(record.comment !== undefined ? { Comment: record.comment } : {}),
    DocumentName: record.documentName,
    DocumentVersion: '$DEFAULT',
    RequestedDateTime: epochSeconds(record.requestedAt),
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details
      ? [
          {
            Name: PLUGIN_NAME,
            Status: invocation.status,
            StatusDetails: invocation.statusDetails,
            ResponseCode: invocation.responseCode,
            ResponseStartDateTime: epochSeconds(invocation.startedAt),
            ...(invocation.endedAt !== undefined
              ? { ResponseFinishDateTime: epochSeconds(invocation.endedAt) }
              : {}),
            Output: pluginOutput(invocation),
            StandardOutputUrl: '',
            StandardErrorUrl: '',
          },
        ]
      : [],
    ServiceRole: '',
  };
}

export const getCommandInvocation: Handler = (input, ctx) => {
  const commandId = input['CommandId'] as string;
  const instanceId = input['InstanceId'] as string;
  const record = ctx.state.commands.commands.get(commandId);
  const invocation = record?.invocations.get(instanceId);
  if (!record || !invocation)
    throw ssmError(
      'InvocationDoesNotExist',
      `No invocation of command ${commandId} on instance ${instanceId}`,
    );
  const plugin = input['PluginName'];
  if (plugin !== undefined && plugin !== PLUGIN_NAME)
    throw ssmError('InvalidPluginName', `Plugin ${String(plugin)} is not part of ${record.documentName}`);
  return {
    CommandId: record.id,
    InstanceId: instanceId,
    ...(record.comment !== undefined ? { Comment: record.comment } : {}),
    DocumentName: record.documentName,
    DocumentVersion: '$DEFAULT',
    PluginName: PLUGIN_NAME,
    ResponseCode: invocation.responseCode,
    ExecutionStartDateTime: isoSeconds(invocation.startedAt),
    ...(invocation.endedAt !== undefined ? { ExecutionEndDateTime: isoSeconds(invocation.endedAt) } : {}),
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    StandardOutputContent: invocation.stdout,
    StandardOutputUrl: '',
    StandardErrorContent: invocation.stderr,
    StandardErrorUrl: '',
  };
};

interface Filter {
  key: string;
  value: string;
}

/** ListCommands and ListCommandInvocations share their filters, except ExecutionStage (commands only). */
function matches(record: CommandRecord, status: string, filters: Filter[], stage: boolean): boolean {
  return filters.every(({ key, value }) => {
    switch (key) {
      case 'InvokedAfter':
        return record.requestedAt >= parseDate(value);
      case 'InvokedBefore':
        return record.requestedAt <= parseDate(value);
      case 'Status':
        return status === value;
      case 'DocumentName':
        return record.documentName === value;
      case 'ExecutionStage':
        if (!stage) throw ssmError('InvalidFilterKey', 'ExecutionStage filters ListCommands only');
        return (value === 'Executing') === ['Pending', 'InProgress'].includes(status);
      default:
        throw ssmError('InvalidFilterKey', `Unknown filter key ${key}`);
    }
  });
}

function parseDate(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw ssmError('InvalidFilterValue', `${value} is not an ISO 8601 date`);
  return ms;
}

const invalidToken = (message: string): AwsError => ssmError('InvalidNextToken', message);

export const listCommandInvocations: Handler = (input, ctx) => {
  const { CommandId, InstanceId, MaxResults, NextToken, Filters, Details } = input;
  const filters = (Filters as Filter[] | undefined) ?? [];
  const rows = [...ctx.state.commands.commands.values()]
    .filter((r) => CommandId === undefined || r.id === CommandId)
    .flatMap((r) => [...r.invocations.values()].map((i) => ({ r, i })))
    .filter(({ i }) => InstanceId === undefined || i.instanceId === InstanceId)
    .filter(({ r, i }) => matches(r, i.status, filters, false));
  const page = paginate(rows, ({ r, i }) => [r.requestedAt, r.seq, i.instanceId], {
    MaxResults,
    NextToken,
    defaultMax: 50,
    query: { CommandId, InstanceId, Filters, Details },
    descending: true,
    invalidToken,
  });
  return {
    CommandInvocations: page.items.map(({ r, i }) => invocationView(r, i, Details === true)),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

export const listCommands: Handler = (input, ctx) => {
  const { CommandId, InstanceId, MaxResults, NextToken, Filters } = input;
  const { commands } = ctx.state.commands;
  if (CommandId !== undefined && !commands.has(CommandId as string))
    throw ssmError('InvalidCommandId', `Command ${String(CommandId)} does not exist`);
  const filters = (Filters as Filter[] | undefined) ?? [];
  const records = [...commands.values()]
    .filter((r) => CommandId === undefined || r.id === CommandId)
    .filter((r) => InstanceId === undefined || r.instanceIds.includes(InstanceId as string))
    .filter((r) => matches(r, commandStatus(r), filters, true));
  const page = paginate(records, (r) => [r.requestedAt, r.seq], {
    MaxResults,
    NextToken,
    defaultMax: 50,
    query: { CommandId, InstanceId, Filters },
    descending: true,
    invalidToken,
  });
  return {
    Commands: page.items.map((r) => commandView(ctx, r)),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};
