/**
 * The handshake at the start of every session: the agent sends HandshakeRequest (its version and the
 * actions it wants from the client: the session type, maybe KMS encryption), the client answers with
 * HandshakeResponse (one processed action per request), and the agent ends it with HandshakeComplete.
 * All three travel as ordinary sequenced stream frames.
 */
import { MessageFormatError, SessionError } from './errors';
import { parseJsonObject } from './json-payload';

export const ActionType = { KMSEncryption: 'KMSEncryption', SessionType: 'SessionType' } as const;
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

/** Session types an agent can announce. SSH over AWS-StartSSHSession is a `Port` session. */
export const SessionTypeName = {
  StandardStream: 'Standard_Stream',
  Port: 'Port',
  InteractiveCommands: 'InteractiveCommands',
  NonInteractiveCommands: 'NonInteractiveCommands',
} as const;

export interface RequestedClientAction {
  ActionType: string;
  ActionParameters: unknown;
}

export interface HandshakeRequestPayload {
  AgentVersion: string;
  RequestedClientActions: RequestedClientAction[];
}

/** The parameters of a SessionType action: the plugin that runs, with its document properties. */
export interface SessionTypeRequest {
  SessionType: string;
  /** For Port sessions `{ portNumber: "22" }`; `type: "LocalPortForwarding"` for port forwarding. */
  Properties: unknown;
}

export interface ProcessedClientAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult: unknown;
  Error: string;
}

export interface HandshakeResponsePayload {
  ClientVersion: string;
  ProcessedClientActions: ProcessedClientAction[];
  Errors: string[] | null;
}

export interface HandshakeCompletePayload {
  /** Go's time.Duration: nanoseconds. */
  HandshakeTimeToComplete: number;
  CustomerMessage: string;
}

/**
 * The version we report. Below 1.1.70 (the first plugin that multiplexed port forwarding over smux)
 * so agents keep every Port session a single raw stream, the only kind this client speaks; at or above
 * 1.1.35 so agents know we send TerminateSession.
 */
export const DEFAULT_CLIENT_VERSION = '1.1.61.0';

const KNOWN_SESSION_TYPES = new Set<string>(Object.values(SessionTypeName));

export function parseHandshakeRequest(payload: Buffer): HandshakeRequestPayload {
  const obj = parseJsonObject(payload, 'handshake request');
  const actions = obj.RequestedClientActions;
  if (actions !== undefined && actions !== null && !Array.isArray(actions)) {
    throw new MessageFormatError('payload', 'handshake request: RequestedClientActions is not a list');
  }
  return {
    AgentVersion: typeof obj.AgentVersion === 'string' ? obj.AgentVersion : '',
    RequestedClientActions: ((actions as unknown[] | null | undefined) ?? []).map((action) => {
      const a = (typeof action === 'object' && action !== null ? action : {}) as Record<string, unknown>;
      return { ActionType: String(a.ActionType ?? ''), ActionParameters: a.ActionParameters ?? null };
    }),
  };
}

export interface HandshakeAnswer {
  response: HandshakeResponsePayload;
  /** The session the agent announced, when it announced one we can run. */
  sessionType?: SessionTypeRequest;
  /** Set when the client cannot go on: the response still goes out so the agent ends the session. */
  refusal?: SessionError;
}

/** The client's side: process each requested action, refusing what this client does not do. */
export function answerHandshake(request: HandshakeRequestPayload, clientVersion: string): HandshakeAnswer {
  const processed: ProcessedClientAction[] = [];
  const errors: string[] = [];
  let sessionType: SessionTypeRequest | undefined;
  let refusal: SessionError | undefined;

  for (const action of request.RequestedClientActions) {
    const result: ProcessedClientAction = {
      ActionType: action.ActionType,
      ActionStatus: ActionStatus.Success,
      ActionResult: null,
      Error: '',
    };
    if (action.ActionType === ActionType.SessionType) {
      const params = (action.ActionParameters ?? {}) as Partial<SessionTypeRequest>;
      const name = typeof params.SessionType === 'string' ? params.SessionType : '';
      if (KNOWN_SESSION_TYPES.has(name)) {
        sessionType = { SessionType: name, Properties: params.Properties ?? null };
      } else {
        result.ActionStatus = ActionStatus.Failed;
        result.Error = `Failed to process action SessionType: Unknown session type ${name || '(none)'}`;
        refusal ??= new SessionError(
          'handshake-refused',
          `the agent asked for an unknown session type "${name}"`,
        );
      }
    } else if (action.ActionType === ActionType.KMSEncryption) {
      const keyId = (action.ActionParameters as { KMSKeyId?: unknown } | null)?.KMSKeyId;
      result.ActionStatus = ActionStatus.Failed;
      result.Error =
        'Failed to process action KMSEncryption: this client does not implement KMS encryption of session data';
      // KMS refusal wins over any other: it is the one the user can fix.
      refusal = new SessionError(
        'kms-encryption-unsupported',
        `the target requires KMS encryption of Session Manager data${typeof keyId === 'string' && keyId ? ` (key ${keyId})` : ''}, ` +
          'which this built-in client does not implement; turn off KMS encryption in the Session Manager ' +
          'preferences of this account and region, or connect with session-manager-plugin instead',
      );
    } else {
      result.ActionStatus = ActionStatus.Unsupported;
      result.Error = `Unsupported action ${action.ActionType}`;
      refusal ??= new SessionError(
        'handshake-refused',
        `the agent asked for an unsupported action "${action.ActionType}"`,
      );
    }
    if (result.Error) errors.push(result.Error);
    processed.push(result);
  }

  const answer: HandshakeAnswer = {
    response: {
      ClientVersion: clientVersion,
      ProcessedClientActions: processed,
      Errors: errors.length ? errors : null,
    },
  };
  if (sessionType) answer.sessionType = sessionType;
  if (refusal) answer.refusal = refusal;
  return answer;
}

export function parseHandshakeResponse(payload: Buffer): HandshakeResponsePayload {
  const obj = parseJsonObject(payload, 'handshake response');
  const actions = Array.isArray(obj.ProcessedClientActions) ? (obj.ProcessedClientActions as unknown[]) : [];
  return {
    ClientVersion: typeof obj.ClientVersion === 'string' ? obj.ClientVersion : '',
    ProcessedClientActions: actions.map((action) => {
      const a = (typeof action === 'object' && action !== null ? action : {}) as Record<string, unknown>;
      return {
        ActionType: String(a.ActionType ?? ''),
        ActionStatus: typeof a.ActionStatus === 'number' ? a.ActionStatus : 0,
        ActionResult: a.ActionResult ?? null,
        Error: typeof a.Error === 'string' ? a.Error : '',
      };
    }),
    Errors: Array.isArray(obj.Errors) ? obj.Errors.map(String) : null,
  };
}

/** The agent's side: every action it asked for must come back processed with Success. */
export function checkHandshakeResponse(
  request: HandshakeRequestPayload,
  response: HandshakeResponsePayload,
): SessionError | undefined {
  for (const asked of request.RequestedClientActions) {
    const done = response.ProcessedClientActions.find((a) => a.ActionType === asked.ActionType);
    if (!done) {
      return new SessionError(
        'handshake-refused',
        `the client did not answer the ${asked.ActionType} action`,
      );
    }
    if (done.ActionStatus !== ActionStatus.Success) {
      return new SessionError(
        asked.ActionType === ActionType.KMSEncryption ? 'kms-encryption-unsupported' : 'handshake-refused',
        `the client refused ${asked.ActionType}${done.Error ? `: ${done.Error}` : ''}`,
      );
    }
  }
  return undefined;
}

export function parseHandshakeComplete(payload: Buffer): HandshakeCompletePayload {
  const obj = parseJsonObject(payload, 'handshake complete');
  return {
    HandshakeTimeToComplete:
      typeof obj.HandshakeTimeToComplete === 'number' ? obj.HandshakeTimeToComplete : 0,
    CustomerMessage: typeof obj.CustomerMessage === 'string' ? obj.CustomerMessage : '',
  };
}
