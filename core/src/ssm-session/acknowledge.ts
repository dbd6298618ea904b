/**
 * Acknowledgements: every sequenced stream frame is answered with an `acknowledge` message whose JSON
 * payload names the frame. Senders match on the sequence number alone.
 */
import { MessageFormatError } from './errors';
import { parseJsonObject, stringField } from './json-payload';
import { encodeMessage, type ClientMessage } from './message';
import { MessageFlag, MessageType } from './message-types';

export interface AcknowledgeContent {
  AcknowledgedMessageType: string;
  AcknowledgedMessageId: string;
  AcknowledgedMessageSequenceNumber: number;
  IsSequentialMessage: boolean;
}

/** The acknowledge frame for `message`: sequence 0 and SYN|FIN, as both Go implementations send it. */
export function encodeAcknowledge(
  message: Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>,
): Buffer {
  // One per received frame: a template is much cheaper than JSON.stringify of an object, and gives the
  // same bytes (the keys in AcknowledgeContent's order).
  const json =
    `{"AcknowledgedMessageType":${JSON.stringify(message.messageType)},` +
    `"AcknowledgedMessageId":${JSON.stringify(message.messageId)},` +
    `"AcknowledgedMessageSequenceNumber":${message.sequenceNumber},"IsSequentialMessage":true}`;
  return encodeMessage({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    flags: MessageFlag.Syn | MessageFlag.Fin,
    payload: Buffer.from(json, 'utf8'),
  });
}

export function parseAcknowledge(payload: Buffer): AcknowledgeContent {
  const obj = parseJsonObject(payload, 'acknowledge content');
  const sequence = obj.AcknowledgedMessageSequenceNumber;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence)) {
    throw new MessageFormatError(
      'payload',
      'acknowledge content has no integer AcknowledgedMessageSequenceNumber',
    );
  }
  return {
    AcknowledgedMessageType: stringField(obj, 'AcknowledgedMessageType', 'acknowledge content'),
    AcknowledgedMessageId: typeof obj.AcknowledgedMessageId === 'string' ? obj.AcknowledgedMessageId : '',
    AcknowledgedMessageSequenceNumber: sequence,
    IsSequentialMessage: obj.IsSequentialMessage === true,
  };
}
