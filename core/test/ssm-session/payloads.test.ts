import {
  ActionStatus,
  answerHandshake,
  checkHandshakeResponse,
  decodeMessage,
  DEFAULT_CLIENT_VERSION,
  encodeAcknowledge,
  encodeChannelClosed,
  encodeOpenDataChannel,
  encodeSessionFlag,
  MessageFlag,
  MessageFormatError,
  parseAcknowledge,
  parseChannelClosed,
  parseHandshakeRequest,
  parseHandshakeResponse,
  parseOpenDataChannel,
  parseSessionFlag,
  SessionError,
  SessionFlag,
  type HandshakeRequestPayload,
} from '../../src/ssm-session';

describe('acknowledgements', () => {
  test('an acknowledge frame names the frame it answers, with sequence 0 and SYN|FIN like Go', () => {
    const frame = encodeAcknowledge({
      messageType: 'output_stream_data',
      messageId: '00112233-4455-6677-8899-aabbccddeeff',
      sequenceNumber: 42,
    });
    const message = decodeMessage(frame);
    expect(message.messageType).toBe('acknowledge');
    expect(message.sequenceNumber).toBe(0);
    expect(message.flags).toBe(MessageFlag.Syn | MessageFlag.Fin);
    expect(message.payloadType).toBe(0);
    // Go's json.Marshal of AcknowledgeContent: fields in declaration order, no spaces.
    expect(message.payload.toString()).toBe(
      '{"AcknowledgedMessageType":"output_stream_data",' +
        '"AcknowledgedMessageId":"00112233-4455-6677-8899-aabbccddeeff",' +
        '"AcknowledgedMessageSequenceNumber":42,"IsSequentialMessage":true}',
    );
    expect(parseAcknowledge(message.payload)).toEqual({
      AcknowledgedMessageType: 'output_stream_data',
      AcknowledgedMessageId: '00112233-4455-6677-8899-aabbccddeeff',
      AcknowledgedMessageSequenceNumber: 42,
      IsSequentialMessage: true,
    });
  });

  test('malformed acknowledge content is a format error', () => {
    expect(() => parseAcknowledge(Buffer.from('not json'))).toThrow(MessageFormatError);
    expect(() => parseAcknowledge(Buffer.from('{"AcknowledgedMessageType":"x"}'))).toThrow(/SequenceNumber/);
    expect(() => parseAcknowledge(Buffer.from('[1]'))).toThrow(/not a JSON object/);
  });
});

describe('handshake', () => {
  const sshRequest: HandshakeRequestPayload = {
    AgentVersion: '3.3.40.0',
    RequestedClientActions: [
      {
        ActionType: 'SessionType',
        ActionParameters: { SessionType: 'Port', Properties: { portNumber: '22' } },
      },
    ],
  };

  test('parses the agent request as the agent marshals it', () => {
    const wire = Buffer.from(JSON.stringify(sshRequest));
    expect(parseHandshakeRequest(wire)).toEqual(sshRequest);
  });

  test('a Port session is accepted, with the properties kept', () => {
    const answer = answerHandshake(sshRequest, DEFAULT_CLIENT_VERSION);
    expect(answer.refusal).toBeUndefined();
    expect(answer.sessionType).toEqual({ SessionType: 'Port', Properties: { portNumber: '22' } });
    expect(answer.response).toEqual({
      ClientVersion: DEFAULT_CLIENT_VERSION,
      ProcessedClientActions: [
        { ActionType: 'SessionType', ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' },
      ],
      Errors: null,
    });
    expect(
      checkHandshakeResponse(
        sshRequest,
        parseHandshakeResponse(Buffer.from(JSON.stringify(answer.response))),
      ),
    ).toBe(undefined);
  });

  test('our reported version keeps port forwarding off smux and TerminateSession on', () => {
    const [major, minor, patch] = DEFAULT_CLIENT_VERSION.split('.').map(Number) as [number, number, number];
    const asNumber = major * 1e6 + minor * 1e3 + patch;
    expect(asNumber).toBeLessThan(1_001_070); // 1.1.70: smux
    expect(asNumber).toBeGreaterThanOrEqual(1_001_035); // 1.1.35: TerminateSession
  });

  test('KMSEncryption is refused with a reason the agent and the user can read', () => {
    const request: HandshakeRequestPayload = {
      AgentVersion: '3.3.40.0',
      RequestedClientActions: [
        ...sshRequest.RequestedClientActions,
        {
          ActionType: 'KMSEncryption',
          ActionParameters: { KMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc' },
        },
      ],
    };
    const answer = answerHandshake(request, DEFAULT_CLIENT_VERSION);
    expect(answer.response.ProcessedClientActions[1]).toMatchObject({
      ActionType: 'KMSEncryption',
      ActionStatus: ActionStatus.Failed,
      Error: expect.stringMatching(/does not implement KMS encryption/) as unknown,
    });
    expect(answer.response.Errors).toHaveLength(1);
    expect(answer.refusal).toBeInstanceOf(SessionError);
    expect(answer.refusal?.code).toBe('kms-encryption-unsupported');
    expect(answer.refusal?.message).toMatch(
      /requires KMS encryption.*key arn:aws:kms:eu-west-1:111122223333:key\/abc/,
    );
    expect(answer.refusal?.message).toMatch(/session-manager-plugin/);
    // And an agent reading that response refuses to go on.
    expect(checkHandshakeResponse(request, answer.response)?.code).toBe('kms-encryption-unsupported');
  });

  test('unknown session types and actions are refused', () => {
    const odd = answerHandshake(
      {
        AgentVersion: '',
        RequestedClientActions: [
          { ActionType: 'SessionType', ActionParameters: { SessionType: 'Teleport' } },
          { ActionType: 'Dance', ActionParameters: null },
        ],
      },
      '1.0',
    );
    expect(odd.refusal?.code).toBe('handshake-refused');
    expect(odd.response.ProcessedClientActions.map((a) => a.ActionStatus)).toEqual([
      ActionStatus.Failed,
      ActionStatus.Unsupported,
    ]);
  });

  test('the agent refuses a response that leaves an action out', () => {
    const refusal = checkHandshakeResponse(sshRequest, {
      ClientVersion: '1',
      ProcessedClientActions: [],
      Errors: null,
    });
    expect(refusal?.code).toBe('handshake-refused');
  });
});

describe('flags', () => {
  test('a flag is one big-endian uint32', () => {
    expect(encodeSessionFlag(SessionFlag.TerminateSession).toString('hex')).toBe('00000002');
    expect(encodeSessionFlag(SessionFlag.DisconnectToPort).toString('hex')).toBe('00000001');
    expect(parseSessionFlag(Buffer.from('00000003', 'hex'))).toBe(SessionFlag.ConnectToPortError);
    expect(() => parseSessionFlag(Buffer.from('02', 'hex'))).toThrow(/4 bytes/);
  });
});

describe('opening the data channel', () => {
  test('the open frame is JSON text with the token', () => {
    const text = encodeOpenDataChannel({
      tokenValue: 'tok',
      clientId: 'c-1',
      clientVersion: '1.1.61.0',
      requestId: 'r-1',
    });
    expect(JSON.parse(text)).toEqual({
      MessageSchemaVersion: '1.0',
      RequestId: 'r-1',
      TokenValue: 'tok',
      ClientId: 'c-1',
      ClientVersion: '1.1.61.0',
    });
    expect(parseOpenDataChannel(text).TokenValue).toBe('tok');
  });

  test('clients that leave out ClientId and ClientVersion are accepted; no token is not', () => {
    expect(
      parseOpenDataChannel('{"MessageSchemaVersion":"1.0","RequestId":"r","TokenValue":"t"}').ClientId,
    ).toBe('');
    expect(() =>
      parseOpenDataChannel('{"MessageSchemaVersion":"1.0","RequestId":"r","TokenValue":""}'),
    ).toThrow(/empty TokenValue/);
    expect(() => parseOpenDataChannel('{"MessageSchemaVersion":"1.0","RequestId":"r"}')).toThrow(
      /TokenValue/,
    );
  });
});

describe('channel_closed', () => {
  test('carries the reason in Output', () => {
    const message = decodeMessage(
      encodeChannelClosed({ sessionId: 's-1', destinationId: 'mi-1', output: 'bye' }),
    );
    expect(message.messageType).toBe('channel_closed');
    expect(parseChannelClosed(message.payload)).toMatchObject({
      SessionId: 's-1',
      DestinationId: 'mi-1',
      MessageType: 'channel_closed',
      SchemaVersion: 1,
      Output: 'bye',
    });
  });

  test('a body that does not parse still means closed', () => {
    expect(parseChannelClosed(Buffer.from('garbage')).Output).toBe('');
  });
});
