/**
 * The vocabulary of the Session Manager data channel, as aws/session-manager-plugin
 * (`src/message/clientmessage.go`) and amazon-ssm-agent (`agent/session/contracts`) define it.
 * Values are wire values: changing one breaks interoperability with AWS.
 */

/** The 32-byte, space-padded message type at the start of every binary frame. */
export const MessageType = {
  /** Client to agent: sequenced stream data (stdin, flags, handshake answers). */
  InputStreamData: 'input_stream_data',
  /** Agent to client: sequenced stream data (stdout, handshake requests). */
  OutputStreamData: 'output_stream_data',
  /** Either way: "I have your frame number N". Not sequenced itself. */
  Acknowledge: 'acknowledge',
  /** Service to client (our agent end plays the service): the session is over. */
  ChannelClosed: 'channel_closed',
  /** Service: the other side is reachable again, resume sending. */
  StartPublication: 'start_publication',
  /** Service: the other side is unreachable, hold stream data until start_publication. */
  PausePublication: 'pause_publication',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** What a stream-data payload holds. */
export const PayloadType = {
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;
export type PayloadType = (typeof PayloadType)[keyof typeof PayloadType];

/** Bits of the 64-bit flags field. The agent sets SYN on its first stream frame; FIN is unused. */
export const MessageFlag = { Syn: 1, Fin: 2 } as const;

/** Control values carried by a `PayloadType.Flag` payload (a big-endian uint32). */
export const SessionFlag = {
  /** Client to agent: the local end of a port session went away; close the TCP connection. */
  DisconnectToPort: 1,
  /** Client to agent: end the whole session now (agents from 2.3.722.0). */
  TerminateSession: 2,
  /** Agent to client: the agent could not connect to the target port. */
  ConnectToPortError: 3,
} as const;
export type SessionFlag = (typeof SessionFlag)[keyof typeof SessionFlag];

/** Every frame either side sends today says schema version 1. */
export const SCHEMA_VERSION = 1;

/** Payload type names for messages and logs (`Output`, `Flag`, …). */
export function payloadTypeName(type: number): string {
  for (const [name, value] of Object.entries(PayloadType)) if (value === type) return name;
  return `PayloadType(${type})`;
}
