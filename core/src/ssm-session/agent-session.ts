/**
 * The agent end of a data channel, what amazon-ssm-agent (with the Session Manager service in front
 * of it) does for a Port session: accept the client's open frame, check its token, run the handshake,
 * then carry bytes both ways. Our emulator uses it to bridge a session to sshd on this machine (see
 * `serveAgentSession`). Since the emulator stands in for the service too, this end also sends
 * `channel_closed` when the session ends, as the service would.
 */
import { encodeChannelClosed } from './channel-closed';
import { SessionError } from './errors';
import {
  ActionType,
  checkHandshakeResponse,
  parseHandshakeResponse,
  SessionTypeName,
  type HandshakeCompletePayload,
  type HandshakeRequestPayload,
} from './handshake';
import { encodeJson } from './json-payload';
import type { ClientMessage } from './message';
import { MessageType, PayloadType, SessionFlag } from './message-types';
import { parseOpenDataChannel, type OpenDataChannelInput } from './open-data-channel';
import { DataChannelSession } from './session';
import type { SessionOptions } from './session-options';
import { parseSessionFlag, sessionFlagName } from './session-flag';
import type { FrameTransport } from './transport';

export interface AgentSessionOptions extends SessionOptions {
  /** Decides whether the open frame's token opens this session (the service's job in real life). */
  verifyToken: (open: OpenDataChannelInput) => boolean | Promise<boolean>;
  /** @default 'Port' */
  sessionType?: string;
  /** The document properties sent with the session type. @default { portNumber: '22' } */
  properties?: unknown;
  /** Reported in the handshake; from 2.3.722.0 clients end sessions with the TerminateSession flag. @default '3.3.0.0' */
  agentVersion?: string;
  /** Named in channel_closed. */
  sessionId?: string;
  /** Named in channel_closed. */
  targetId?: string;
}

/** Who opened the session, once the handshake is done. */
export interface AgentSessionInfo {
  open: OpenDataChannelInput;
  clientVersion: string;
}

export const DEFAULT_AGENT_VERSION = '3.3.0.0';

export class AgentSession extends DataChannelSession<AgentSessionInfo> {
  protected readonly outgoingType = MessageType.OutputStreamData;
  protected readonly incomingType = MessageType.InputStreamData;
  protected readonly synOnFirstFrame = true;

  private readonly agentOptions: AgentSessionOptions;
  private open: OpenDataChannelInput | undefined;
  private request: HandshakeRequestPayload | undefined;
  private handshakeStartedAt = 0;
  private goodbyeOutput = '';

  constructor(transport: FrameTransport, options: AgentSessionOptions) {
    super(transport, options);
    this.agentOptions = options;
  }

  /**
   * Ends the session gracefully: waits (bounded) until the client has everything we sent, then tells
   * it the channel is closed, with `output` as the reason when there is one.
   */
  close(output = ''): Promise<void> {
    this.goodbyeOutput ||= output;
    if (!this.started) {
      this.refuse(new SessionError('channel-closed', output || 'the session was closed before it started'));
      return Promise.resolve();
    }
    return this.endGracefully();
  }

  protected override goodbye(): Promise<void> {
    this.sendChannelClosed(this.goodbyeOutput);
    return Promise.resolve();
  }

  protected override onText(text: string): void {
    if (this.open) return this.debug('ignoring a second open frame');
    let open: OpenDataChannelInput;
    try {
      open = parseOpenDataChannel(text);
    } catch (err) {
      return this.refuse(
        new SessionError('protocol', `bad open data channel frame: ${(err as Error).message}`),
      );
    }
    this.open = open;
    void Promise.resolve()
      .then(() => this.agentOptions.verifyToken(open))
      .then(
        (ok) => {
          if (this.over) return;
          if (!ok)
            return this.refuse(new SessionError('handshake-refused', 'the session token was not accepted'));
          this.sendHandshakeRequest();
        },
        (err: Error) =>
          this.refuse(
            new SessionError('handshake-refused', `the token could not be checked: ${err.message}`),
          ),
      );
  }

  protected override onHandshakeTimeout(): void {
    this.refuse(
      new SessionError(
        'handshake-timeout',
        this.open
          ? 'Handshake timed out: the client did not answer the handshake'
          : 'no open data channel frame arrived',
      ),
    );
  }

  protected override process(message: ClientMessage): void {
    switch (message.payloadType) {
      case PayloadType.Output:
        this.pushData(message.payload);
        return;
      case PayloadType.HandshakeResponse:
        return this.onHandshakeResponse(message.payload);
      case PayloadType.Flag:
        return this.onSessionFlag(parseSessionFlag(message.payload));
      default:
        this.onPayload?.(message.payloadType, message.payload);
    }
  }

  private sendHandshakeRequest(): void {
    this.handshakeStartedAt = Date.now();
    this.request = {
      AgentVersion: this.agentOptions.agentVersion ?? DEFAULT_AGENT_VERSION,
      RequestedClientActions: [
        {
          ActionType: ActionType.SessionType,
          ActionParameters: {
            SessionType: this.agentOptions.sessionType ?? SessionTypeName.Port,
            Properties: this.agentOptions.properties ?? { portNumber: '22' },
          },
        },
      ],
    };
    this.sendStream(PayloadType.HandshakeRequest, encodeJson(this.request));
  }

  private onHandshakeResponse(payload: Buffer): void {
    if (!this.request || !this.open || this.started) {
      return this.debug('ignoring a handshake response nobody asked for');
    }
    const response = parseHandshakeResponse(payload);
    const refusal = checkHandshakeResponse(this.request, response);
    if (refusal) return this.refuse(refusal);
    const complete: HandshakeCompletePayload = {
      HandshakeTimeToComplete: (Date.now() - this.handshakeStartedAt) * 1e6,
      CustomerMessage: '',
    };
    this.sendStream(PayloadType.HandshakeComplete, encodeJson(complete));
    this.markReady({ open: this.open, clientVersion: response.ClientVersion });
  }

  private onSessionFlag(flag: number): void {
    this.debug(`flag from client: ${sessionFlagName(flag)}`);
    this.onFlag?.(flag);
    if (flag === SessionFlag.TerminateSession || flag === SessionFlag.DisconnectToPort) {
      // The service answers a client that ends the session with channel_closed; so do we.
      this.sendChannelClosed('');
      this.finish({ reason: flag === SessionFlag.TerminateSession ? 'terminated' : 'disconnected' });
    }
  }

  /** Tells the client why, then fails: used before and during the handshake. */
  private refuse(error: SessionError): void {
    if (this.over) return;
    this.sendChannelClosed(error.message);
    this.fail(error);
  }

  private sendChannelClosed(output: string): void {
    const fields: { sessionId?: string; destinationId?: string; output: string } = { output };
    if (this.agentOptions.sessionId) fields.sessionId = this.agentOptions.sessionId;
    if (this.agentOptions.targetId) fields.destinationId = this.agentOptions.targetId;
    this.sendRaw(encodeChannelClosed(fields));
  }
}
