import { createHash, randomBytes } from 'node:crypto';
import {
  decodeMessage,
  encodeMessage,
  HEADER_LENGTH,
  MessageFlag,
  MessageFormatError,
  MessageType,
  PAYLOAD_OFFSET,
  PayloadType,
  readMessageId,
  writeMessageId,
  type MessageField,
} from '../../src/ssm-session';

/** Joins hex fragments (spaces allowed) into bytes. */
const hex = (...parts: string[]): Buffer => Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex');
/** 32 bytes: the ASCII type, then spaces (0x20). */
const paddedType = (type: string): Buffer =>
  Buffer.concat([Buffer.from(type, 'ascii'), Buffer.alloc(32 - type.length, 0x20)]);

/**
 * The golden frames are written out byte by byte from the Go layout (session-manager-plugin
 * src/message/clientmessage.go and messageparser.go), not produced by our encoder.
 */
describe('golden frames', () => {
  // A client's keystrokes "abc": input_stream_data, sequence 258, no flags.
  const keystrokes = Buffer.concat([
    hex('00000074'), //                      0  header length: 116, the offset of the payload-length field
    paddedType('input_stream_data'), //       4  "input_stream_data" (17 bytes) + 15 spaces
    hex('00000001'), //                     36  schema version 1
    hex('0000018b cfe56800'), //            40  created date 1700000000000 ms = 0x18bcfe56800
    hex('00000000 00000102'), //            48  sequence number 258 = 0x102
    hex('00000000 00000000'), //            56  flags: none (the plugin never sets SYN)
    // 64  message id 00112233-4455-6677-8899-aabbccddeeff: the UUID's bytes 8..15 come first,
    //     then its bytes 0..7 (putUuid writes the least significant long, then the most significant)
    hex('8899aabb ccddeeff', '00112233 44556677'),
    // 80  SHA-256("abc"), the FIPS 180-2 test vector
    hex('ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad'),
    hex('00000001'), //                    112  payload type 1 = Output
    hex('00000003'), //                    116  payload length 3
    Buffer.from('abc'), //                 120  payload
  ]);

  // The agent's first frame, a TerminateSession-style flag payload: output_stream_data, sequence 0, SYN.
  const flagFrame = Buffer.concat([
    hex('00000074'),
    paddedType('output_stream_data'), //      18 bytes + 14 spaces
    hex('00000001'),
    hex('0000018b cfe5687b'), //             1700000000123 ms
    hex('00000000 00000000'), //             sequence 0
    hex('00000000 00000001'), //             flags: SYN, as the agent marks its first stream frame
    hex('00000000 00000000', 'ffffffff ffffffff'), // id ffffffff-ffff-ffff-0000-000000000000, halves swapped
    // SHA-256 of the four bytes 00 00 00 02
    hex('433ebf5b c03dffa3 85366732 07a21281 612cef5f aa9bc7a4 d5b9be2f db12cf1a'),
    hex('0000000a'), //                       payload type 10 = Flag
    hex('00000004'), //                       payload length 4
    hex('00000002'), //                       TerminateSession
  ]);

  test('the layout constants are the Go offsets', () => {
    expect(HEADER_LENGTH).toBe(116);
    expect(PAYLOAD_OFFSET).toBe(120);
    expect(keystrokes.length).toBe(123);
  });

  test('decodes a hand-written input_stream_data frame', () => {
    const message = decodeMessage(keystrokes);
    expect(message).toMatchObject({
      messageType: 'input_stream_data',
      schemaVersion: 1,
      createdDate: 1_700_000_000_000,
      sequenceNumber: 258,
      flags: 0,
      messageId: '00112233-4455-6677-8899-aabbccddeeff',
      payloadType: PayloadType.Output,
    });
    expect(message.payload.toString()).toBe('abc');
  });

  test('encodes the same frame byte for byte', () => {
    const frame = encodeMessage({
      messageType: MessageType.InputStreamData,
      createdDate: 1_700_000_000_000,
      sequenceNumber: 258,
      messageId: '00112233-4455-6677-8899-aabbccddeeff',
      payloadType: PayloadType.Output,
      payload: Buffer.from('abc'),
    });
    expect(frame.toString('hex')).toBe(keystrokes.toString('hex'));
  });

  test('decodes and encodes a hand-written flag frame with SYN', () => {
    const message = decodeMessage(flagFrame);
    expect(message).toMatchObject({
      messageType: 'output_stream_data',
      sequenceNumber: 0,
      flags: MessageFlag.Syn,
      messageId: 'ffffffff-ffff-ffff-0000-000000000000',
      payloadType: PayloadType.Flag,
    });
    expect(message.payload.readUInt32BE(0)).toBe(2);
    const again = encodeMessage({
      messageType: MessageType.OutputStreamData,
      createdDate: 1_700_000_000_123,
      sequenceNumber: 0,
      flags: MessageFlag.Syn,
      messageId: 'ffffffff-ffff-ffff-0000-000000000000',
      payloadType: PayloadType.Flag,
      payload: hex('00000002'),
    });
    expect(again.equals(flagFrame)).toBe(true);
  });

  test('an empty payload still carries the digest of nothing', () => {
    const frame = encodeMessage({ messageType: MessageType.Acknowledge, createdDate: 1 });
    expect(frame.length).toBe(120);
    expect(frame.subarray(80, 112).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(frame.readUInt32BE(116)).toBe(0);
  });
});

describe('message ids', () => {
  test('the two 8-byte halves are swapped on the wire', () => {
    const frame = Buffer.alloc(16);
    writeMessageId(frame, 0, '01234567-89ab-cdef-fedc-ba9876543210');
    expect(frame.toString('hex')).toBe('fedcba9876543210' + '0123456789abcdef');
    expect(readMessageId(frame, 0)).toBe('01234567-89ab-cdef-fedc-ba9876543210');
  });

  test('random ids are version 4 UUIDs once unswapped', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const { messageId } = decodeMessage(encodeMessage({ messageType: 'acknowledge' }));
      expect(messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(messageId);
    }
    expect(ids.size).toBe(300);
  });

  test('a malformed id is refused', () => {
    expect(() => encodeMessage({ messageType: 'acknowledge', messageId: 'nope' })).toThrow(/messageId/);
  });
});

describe('round trips', () => {
  test.each([
    [0, 0],
    [1, 1],
    [1024, 41],
    [65536, 2 ** 31],
    [100, Number.MAX_SAFE_INTEGER],
    [7, -1],
    [7, -(2 ** 40)],
  ])('%i-byte payload, sequence %i', (size, sequenceNumber) => {
    const payload = randomBytes(size);
    const frame = encodeMessage({
      messageType: MessageType.OutputStreamData,
      sequenceNumber,
      flags: MessageFlag.Syn | MessageFlag.Fin,
      payloadType: PayloadType.StdErr,
      payload,
      schemaVersion: 3,
    });
    const message = decodeMessage(frame);
    expect(message.sequenceNumber).toBe(sequenceNumber);
    expect(message.flags).toBe(3);
    expect(message.schemaVersion).toBe(3);
    expect(message.payloadType).toBe(PayloadType.StdErr);
    expect(message.payload.equals(payload)).toBe(true);
    expect(frame.subarray(80, 112).equals(createHash('sha256').update(payload).digest())).toBe(true);
  });

  test('every message type and payload type survives', () => {
    for (const messageType of Object.values(MessageType)) {
      for (const payloadType of Object.values(PayloadType)) {
        const message = decodeMessage(encodeMessage({ messageType, payloadType, payload: Buffer.from('x') }));
        expect([message.messageType, message.payloadType]).toEqual([messageType, payloadType]);
      }
    }
  });

  test('a message type that does not fit is refused', () => {
    expect(() => encodeMessage({ messageType: 'x'.repeat(33) })).toThrow(MessageFormatError);
    expect(() => encodeMessage({ messageType: 'tab\there' })).toThrow(/messageType/);
  });
});

describe('corrupt frames name the field that is wrong', () => {
  const good = (): Buffer =>
    encodeMessage({
      messageType: MessageType.OutputStreamData,
      sequenceNumber: 9,
      payloadType: PayloadType.Output,
      payload: Buffer.from('hello, world'),
    });
  const fieldOf = (frame: Buffer): MessageField | undefined => {
    try {
      decodeMessage(frame);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(MessageFormatError);
      return (err as MessageFormatError).field;
    }
  };

  test('a flipped payload bit fails the digest', () => {
    const frame = good();
    frame[PAYLOAD_OFFSET + 3]! ^= 0x01;
    expect(fieldOf(frame)).toBe('payloadDigest');
  });

  test('a flipped digest bit fails the digest', () => {
    const frame = good();
    frame[90]! ^= 0x80;
    expect(fieldOf(frame)).toBe('payloadDigest');
  });

  test('a truncated payload', () => {
    const frame = good();
    expect(fieldOf(frame.subarray(0, frame.length - 1))).toBe('payload');
  });

  test('trailing bytes after the payload', () => {
    expect(fieldOf(Buffer.concat([good(), Buffer.from([0])]))).toBe('payloadLength');
  });

  test('shorter than a header', () => {
    expect(fieldOf(good().subarray(0, 119))).toBe('length');
    expect(fieldOf(Buffer.alloc(0))).toBe('length');
  });

  test('a header length other than 116', () => {
    const frame = good();
    frame.writeUInt32BE(120, 0);
    expect(fieldOf(frame)).toBe('headerLength');
    expect(() => decodeMessage(frame)).toThrow('headerLength: is 120, expected 116');
  });

  test('a message type of padding only', () => {
    const frame = good();
    frame.fill(0x20, 4, 36);
    expect(fieldOf(frame)).toBe('messageType');
  });

  test('a zero created date', () => {
    const frame = good();
    frame.fill(0, 40, 48);
    expect(fieldOf(frame)).toBe('createdDate');
  });

  test('a sequence number beyond 2^53', () => {
    const frame = good();
    frame.writeUInt32BE(0x00400000, 48);
    expect(fieldOf(frame)).toBe('sequenceNumber');
  });

  test('NUL padding is tolerated like the Go parser does', () => {
    const frame = good();
    frame.fill(0, 4 + 'output_stream_data'.length, 36);
    expect(decodeMessage(frame).messageType).toBe('output_stream_data');
  });

  test('publication notices and empty payloads skip the digest check, as in Go', () => {
    const pause = encodeMessage({ messageType: MessageType.PausePublication, payload: Buffer.from('{}') });
    pause.fill(0, 80, 112);
    expect(decodeMessage(pause).messageType).toBe('pause_publication');
    const empty = encodeMessage({ messageType: MessageType.Acknowledge });
    empty.fill(0, 80, 112);
    expect(decodeMessage(empty).payload.length).toBe(0);
  });
});
