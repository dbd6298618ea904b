/**
 * The client end of a data channel, what session-manager-plugin does on a laptop: send the token in the
 * open frame, answer the agent's handshake, then carry bytes both ways. For AWS-StartSSHSession (and
 * SageMaker's StartSession) the bytes are the SSH connection, so `sm-ssh proxy` is:
 *
 *   const session = await connectClientSession(streamUrl, { tokenValue });
 *   await session.ready;
 *   await pipeline(process.stdin, session, process.stdout);
 *
 * Ending the writable side (stdin closed) sends TerminateSession once our data is acknowledged.
 */
import { randomUUID } from 'node:crypto';
import { SessionError } from './errors';
import {
  answerHandshake,
  DEFAULT_CLIENT_VERSION,
  parseHandshakeComplete,
  parseHandshakeRequest,
  SessionTypeName,
} from './handshake';
import { encodeJson } from './json-payload';
import type { ClientMessage } from './message';
import { MessageType, PayloadType, SessionFlag } from './message-types';
import { encodeOpenDataChannel } from './open-data-channel';
import { DataChannelSession } from './session';
import type { SessionOptions } from './session-options';
import { parseSessionFlag, sessionFlagName } from './session-flag';
import type { FrameTransport } from './transport';

export interface ClientSessionOptions extends SessionOptions {
  /** StartSession's TokenValue. */
  tokenValue: string;
  /** @default a random UUID, as the plugin does */
  clientId?: string;
  /** What we tell the service and the agent we are. @default DEFAULT_CLIENT_VERSION */
  clientVersion?: string;
}

/** What the agent told us about the session, once the handshake is done. */
export interface ClientSessionInfo {
  /** `Port` for SSH and port sessions, `Standard_Stream` for shells. */
  sessionType: string;
  /** The document's properties, e.g. `{ portNumber: "22" }`. */
  properties: unknown;
  agentVersion: string;
  /** A message for the user, when the agent sent one. */
  customerMessage: string;
  /** False for old agents that start a shell without a handshake. */
  handshake: boolean;
}

export class ClientSession extends DataChannelSession<ClientSessionInfo> {
  protected readonly outgoingType = MessageType.InputStreamData;
  protected readonly incomingType = MessageType.OutputStreamData;
  protected readonly synOnFirstFrame = false;

  private readonly clientVersion: string;
  private announced: Omit<ClientSessionInfo, 'customerMessage' | 'handshake'> | undefined;
  private terminating: Promise<void> | undefined;
  private handshakeSeen = false;

  constructor(transport: FrameTransport, options: ClientSessionOptions) {
    super(transport, options);
    if (!options.tokenValue)
      throw new SessionError('protocol', 'a session needs the token StartSession returned');
    this.clientVersion = options.clientVersion ?? DEFAULT_CLIENT_VERSION;
    this.sendRaw(
      encodeOpenDataChannel({
        tokenValue: options.tokenValue,
        clientId: options.clientId ?? randomUUID(),
        clientVersion: this.clientVersion,
      }),
    );
  }

  /**
   * Ends the session now, without waiting for unacknowledged data: sends TerminateSession, waits
   * (bounded) for its acknowledgement, closes. For Ctrl-C and SIGHUP from ssh.
   */
  terminate(): Promise<void> {
    this.terminating ??= (async () => {
      if (this.over) return;
      this.endingAs = 'terminated';
      if (this.started) await this.sendTerminate();
      this.finish({ reason: 'terminated' });
      this.destroy();
    })();
    return this.terminating;
  }

  protected override goodbye(): Promise<void> {
    return this.sendTerminate();
  }

  protected override process(message: ClientMessage): void {
    switch (message.payloadType) {
      case PayloadType.Output:
        if (!this.started && !this.handshakeSeen) {
          // Agents that skip the handshake (older shells) start with output: the plugin then assumes a shell.
          this.markReady({
            sessionType: SessionTypeName.StandardStream,
            properties: null,
            agentVersion: '',
            customerMessage: '',
            handshake: false,
          });
        }
        this.pushData(message.payload);
        return;
      case PayloadType.HandshakeRequest:
        return this.onHandshakeRequest(message.payload);
      case PayloadType.HandshakeComplete:
        return this.onHandshakeComplete(message.payload);
      case PayloadType.EncChallengeRequest:
        // Only sent after KMS encryption was accepted, which we never do.
        return this.fail(
          new SessionError('protocol', 'the agent sent an encryption challenge we never agreed to'),
        );
      case PayloadType.Flag:
        return this.onSessionFlag(parseSessionFlag(message.payload));
      default:
        this.onPayload?.(message.payloadType, message.payload);
    }
  }

  private onHandshakeRequest(payload: Buffer): void {
    this.handshakeSeen = true;
    const request = parseHandshakeRequest(payload);
    const answer = answerHandshake(request, this.clientVersion);
    this.debug(`handshake request from agent ${request.AgentVersion || '(unknown version)'}`);
    this.sendStream(PayloadType.HandshakeResponse, encodeJson(answer.response));
    if (answer.refusal) {
      // The response still goes out (a transport delivers what was sent before it closes), so the
      // agent learns why and ends the session on its side too.
      return this.fail(answer.refusal);
    }
    if (answer.sessionType) {
      this.announced = {
        sessionType: answer.sessionType.SessionType,
        properties: answer.sessionType.Properties,
        agentVersion: request.AgentVersion,
      };
    }
  }

  private onHandshakeComplete(payload: Buffer): void {
    if (!this.announced) {
      return this.fail(new SessionError('protocol', 'the handshake completed without a session type'));
    }
    const complete = parseHandshakeComplete(payload);
    this.markReady({ ...this.announced, customerMessage: complete.CustomerMessage, handshake: true });
  }

  private onSessionFlag(flag: number): void {
    this.debug(`flag from agent: ${sessionFlagName(flag)}`);
    this.onFlag?.(flag);
    if (flag === SessionFlag.ConnectToPortError) {
      this.fail(
        new SessionError(
          'connect-to-port-failed',
          'the agent could not connect to the target port: is sshd (or the forwarded service) running there?',
        ),
      );
    }
  }

  private async sendTerminate(): Promise<void> {
    const seq = this.sendFlag(SessionFlag.TerminateSession);
    await this.waitForAck(seq);
  }
}
