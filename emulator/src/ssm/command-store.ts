import type { ShellRun } from './shell';

export type InvocationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export interface Invocation {
  instanceId: string;
  status: InvocationStatus;
  /** AWS's finer status: `ExecutionTimedOut` where status says `TimedOut`. */
  statusDetails: string;
  /** The script's exit code; -1 until it has one, as AWS reports. */
  responseCode: number;
  startedAt: number;
  endedAt?: number;
  stdout: string;
  stderr: string;
  run?: ShellRun;
}

export interface CommandRecord {
  id: string;
  documentName: string;
  comment?: string;
  parameters: Record<string, string[]>;
  instanceIds: string[];
  requestedAt: number;
  /** The delivery timeout (SendCommand's TimeoutSeconds); the script's own limit is applied when it runs. */
  timeoutSeconds: number;
  seq: number;
  invocations: Map<string, Invocation>;
}

export class CommandStore {
  readonly commands = new Map<string, CommandRecord>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  /** Kills whatever is still running: the emulator is closing and must not leave processes behind. */
  killAll(): void {
    for (const command of this.commands.values()) {
      for (const invocation of command.invocations.values()) invocation.run?.kill();
    }
  }

  running(): Promise<unknown>[] {
    return [...this.commands.values()].flatMap((c) =>
      [...c.invocations.values()].flatMap((i) => (i.run && i.endedAt === undefined ? [i.run.done] : [])),
    );
  }
}
