/**
 * What the emulator's main thread and its data-channel worker (data-channel-worker.ts) say to each
 * other. The worker owns the websockets and the bytes; the main thread owns every session record, so
 * the worker asks it about a session (does it exist, is this its token, which port) and tells it how
 * each connection went. A connection is one websocket: a session may see several (a replayed token,
 * a stranger), and only the one whose token was accepted speaks for the session.
 */
import type { Chaos, ChaosStats } from '@studio-teams/core/data-channel';

/** The worker's questions; each gets exactly one Answer with the same `id`. */
export type Question =
  | { kind: 'lookup'; sessionId: string }
  | { kind: 'token'; connection: number; sessionId: string; token: string }
  | { kind: 'port'; sessionId: string };

export type LookupAnswer =
  | { status: 'missing' | 'over' }
  | {
      status: 'open';
      target: string;
      portNumber: string;
      maxPayloadSize: number;
      /** Frame faults for this connection, when the emulator injects any. */
      chaos?: Chaos;
    };

export type TokenAnswer = { accepted: boolean };

/** The port the session is bridged to once its container is ready, or why it cannot be. */
export type PortAnswer = { port: number } | { error: string };

export type Answer = LookupAnswer | TokenAnswer | PortAnswer;

export type WorkerMessage =
  | { kind: 'listening'; port: number }
  | { kind: 'ask'; id: number; question: Question }
  /** The handshake is done: bytes flow. */
  | { kind: 'connected'; connection: number; sessionId: string }
  /** The connection is over (or never started: `started` false), and why. */
  | {
      kind: 'ended';
      connection: number;
      sessionId: string;
      started: boolean;
      reason: string;
      message?: string;
      output?: string;
      chaos?: ChaosStats;
    }
  | { kind: 'stopped' };

export type MainMessage =
  | { kind: 'answer'; id: number; answer: Answer }
  /** End the session gracefully, telling the client `output`. */
  | { kind: 'close'; connection: number; output: string }
  | { kind: 'destroy'; connection: number }
  /** Close every connection and the listening socket, then say `stopped`. */
  | { kind: 'stop' };
