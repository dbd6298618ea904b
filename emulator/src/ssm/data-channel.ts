/**
 * The main thread's side of the data-channel endpoint: starts the worker (data-channel-worker.ts) on
 * the first session, answers its questions from the session records, and keeps those records up to
 * date from what it reports. StreamUrls name the worker's port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RequestContext } from '../services/service';
import { bundleFromSources } from '../bundle-from-sources';
import type { Answer, LookupAnswer, MainMessage, Question, WorkerMessage } from './data-channel-messages';
import { hasFaults } from './data-channel-settings';
import { consumeToken, endSession, isOver, type SessionChannel, type SessionRecord } from './session-store';

/** How long stopping waits for the worker to close its connections before it is terminated. */
const STOP_TIMEOUT_MS = 2000;

/** What the endpoint reads of the emulator: its state and clock (never a request's headers). */
type EndpointContext = Pick<RequestContext, 'state' | 'now'>;

interface Connection {
  session: SessionRecord;
  /** Its token opened the session: this connection speaks for it. */
  accepted: boolean;
}

export class DataChannelEndpoint {
  private readonly connections = new Map<number, Connection>();
  private stopped: (() => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly port: number,
    private readonly ctx: EndpointContext,
  ) {
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
  }

  /** Starts the worker and resolves once it listens. */
  static async start(ctx: EndpointContext): Promise<DataChannelEndpoint> {
    const worker = new Worker(await workerEntry());
    // The emulator's close stops it; it must never be what keeps a process alive.
    worker.unref();
    const port = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: WorkerMessage): void => {
        if (message.kind !== 'listening') return;
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve(message.port);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    const endpoint = new DataChannelEndpoint(worker, port, ctx);
    worker.on('error', (err) => console.error('emulator: the data-channel worker failed:', err));
    worker.once('exit', () => endpoint.onExit());
    return endpoint;
  }

  streamUrl(sessionId: string): string {
    return `ws://127.0.0.1:${this.port}/v1/data-channel/${encodeURIComponent(sessionId)}?role=publish_subscribe`;
  }

  /** Closes every connection and the worker; the sessions themselves are the caller's to end. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => (this.stopped = resolve));
    this.post({ kind: 'stop' });
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())]);
    await this.worker.terminate();
  }

  /**
   * The worker is gone. Stopped, that was asked for; crashed, its connections went with it: their
   * sessions failed, and the next session starts a new worker.
   */
  private onExit(): void {
    if (this.stopped) return;
    for (const { session, accepted } of this.connections.values())
      if (accepted) endSession(session, 'Failed', this.ctx.now(), 'the data channel stopped');
    this.connections.clear();
    this.ctx.state.ssh.dataChannels = undefined;
  }

  private post(message: MainMessage): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.kind) {
      case 'ask':
        void this.answer(message.question)
          .catch((err: unknown): Answer => {
            console.error('emulator: answering the data channel failed:', err);
            return refusal(message.question);
          })
          .then((answer) => this.post({ kind: 'answer', id: message.id, answer }));
        return;
      case 'connected':
        return this.onConnected(message.connection);
      case 'ended':
        return this.onEnded(message);
      case 'stopped':
        this.stopped?.();
        return;
      case 'listening':
        return;
    }
  }

  private async answer(question: Question): Promise<Answer> {
    const session = this.ctx.state.ssh.sessions.get(question.sessionId);
    switch (question.kind) {
      case 'lookup':
        return session ? this.lookup(session) : { status: 'missing' };
      case 'token': {
        const accepted = !!session && consumeToken(session, question.token, this.ctx.now());
        if (session) this.connections.set(question.connection, { session, accepted });
        // From now on ending the session (TerminateSession, the app stopping) closes this connection,
        // also while its handshake is still under way.
        if (session && accepted) session.agent = this.channel(question.connection);
        return { accepted };
      }
      case 'port':
        if (!session) return { error: 'the session is gone' };
        try {
          return { port: await session.prepared };
        } catch (err) {
          return { error: (err as Error).message };
        }
    }
  }

  private lookup(session: SessionRecord): LookupAnswer {
    if (isOver(session)) return { status: 'over' };
    const settings = this.ctx.state.ssh.dataChannel;
    return {
      status: 'open',
      target: session.target,
      portNumber: session.portNumber,
      maxPayloadSize: settings.maxPayloadSize,
      ...(hasFaults(settings)
        ? {
            chaos: {
              drop: settings.drop,
              duplicate: settings.duplicate,
              reorder: settings.reorder,
              seed: settings.seed + session.seq,
            },
          }
        : {}),
    };
  }

  private channel(connection: number): SessionChannel {
    return {
      close: async (output = '') => this.post({ kind: 'close', connection, output }),
      destroy: () => this.post({ kind: 'destroy', connection }),
    };
  }

  private onConnected(connection: number): void {
    const known = this.connections.get(connection);
    // Ended meanwhile (its close is on the way to the worker): it stays ended.
    if (!known?.accepted || isOver(known.session)) return;
    known.session.status = 'Connected';
  }

  private onEnded(message: Extract<WorkerMessage, { kind: 'ended' }>): void {
    const known = this.connections.get(message.connection);
    this.connections.delete(message.connection);
    // A refused token (a replay, a stranger) leaves the session to its rightful client.
    if (!known?.accepted) return;
    const { session } = known;
    if (message.chaos) session.chaos = message.chaos;
    const now = this.ctx.now();
    if (!message.started || message.reason === 'error')
      endSession(session, 'Failed', now, message.message ?? message.output);
    else endSession(session, 'Terminated', now, message.output);
  }
}

/** The answer that lets nothing through, for a question that could not be answered. */
function refusal(question: Question): Answer {
  switch (question.kind) {
    case 'lookup':
      return { status: 'missing' };
    case 'token':
      return { accepted: false };
    case 'port':
      return { error: 'the emulator could not find the port' };
  }
}

/**
 * The StreamUrl of a session: the endpoint's, started with the first session (most uses of the
 * emulator never open one). A failed start is tried again by the next session.
 */
export async function dataChannelUrl(ctx: RequestContext, sessionId: string): Promise<string> {
  const { ssh } = ctx.state;
  ssh.dataChannels ??= DataChannelEndpoint.start({ state: ctx.state, now: ctx.now }).catch((err: unknown) => {
    ssh.dataChannels = undefined;
    throw err;
  });
  return (await ssh.dataChannels).streamUrl(sessionId);
}

/**
 * The worker's script. Built, it is the .js beside this file. Run from the TypeScript sources (jest),
 * there is no such file, and a worker does not go through jest's transform: the entry is bundled
 * once per process with the workspace packages taken from their sources, as the tests take them.
 */
let bundled: Promise<string> | undefined;

function workerEntry(): Promise<string> {
  const built = path.join(__dirname, 'data-channel-worker.js');
  if (existsSync(built)) return Promise.resolve(built);
  bundled ??= bundleWorker();
  return bundled;
}

function bundleWorker(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'emulator-data-channel-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return bundleFromSources(path.join(__dirname, 'data-channel-worker.ts'), path.join(dir, 'worker.js'));
}
