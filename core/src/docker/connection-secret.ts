import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DOCKER_BASTION_DEFAULT_USER } from '@studio-teams/schema';
import { UserError } from '../errors';

/**
 * The bastion's connection secret, as the CDK app (and the original's Terraform) writes it:
 * `{"instance_id": "i-…", "private_key": "<base64 of the PEM>"}`, optionally `"user"` for a login user
 * other than Ubuntu's (the local Studio's sandbox bastion logs in the emulator's own user). The key
 * may also be stored as PEM text. No message built here ever quotes the secret's content.
 */
export interface BastionConnection {
  instanceId: string;
  /** The private key as ssh reads it (PEM or OpenSSH text, ending with a newline). */
  privateKey: string;
  user: string;
}

export type BastionSecretProblem = 'missing' | 'denied' | 'invalid' | 'unreachable';

/** Why the secret cannot be used, in words for people, with the kind the panel shows. */
export class BastionSecretError extends UserError {
  constructor(
    readonly problem: BastionSecretProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, undefined, options);
  }
}

const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/;
const LOGIN_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;
const PRIVATE_KEY =
  /^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END \1PRIVATE KEY-----\s*$/;

/** Parses the secret's text; throws a BastionSecretError('invalid') naming the field at fault. */
export function parseBastionConnection(text: string, secretName: string): BastionConnection {
  const invalid = (why: string) =>
    new BastionSecretError('invalid', `the secret ${secretName} ${why}; ask your Studio admin to fix it`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text, which may be the key: never pass it on.
    throw invalid('is not JSON (expected {"instance_id": …, "private_key": …})');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('is not a JSON object (expected {"instance_id": …, "private_key": …})');
  const fields = value as Record<string, unknown>;
  const instanceId = fields['instance_id'];
  if (typeof instanceId !== 'string' || instanceId === '') throw invalid('has no "instance_id"');
  if (!INSTANCE_ID.test(instanceId)) throw invalid('has an "instance_id" that is not an instance id (i-…)');
  const rawKey = fields['private_key'];
  if (typeof rawKey !== 'string' || rawKey.trim() === '') throw invalid('has no "private_key"');
  const privateKey = decodePrivateKey(rawKey);
  if (!privateKey)
    throw invalid('has a "private_key" that is neither a PEM private key nor the base64 of one');
  const user = fields['user'] ?? DOCKER_BASTION_DEFAULT_USER;
  if (typeof user !== 'string' || !LOGIN_USER.test(user))
    throw invalid('has a "user" that is not a login name');
  return { instanceId, privateKey, user };
}

/** The PEM text itself, or the base64 of it (the original's form); undefined when it is neither. */
function decodePrivateKey(raw: string): string | undefined {
  const asText = raw.trim();
  if (PRIVATE_KEY.test(asText)) return `${asText.replace(/\r\n/g, '\n')}\n`;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(asText)) return undefined;
  const decoded = Buffer.from(asText.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  return PRIVATE_KEY.test(decoded) ? `${decoded.replace(/\r\n/g, '\n')}\n` : undefined;
}

const MISSING = new Set(['ResourceNotFoundException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const KMS_DENIED = new Set(['DecryptionFailure', 'DecryptionFailureException']);

/** Reads and parses the secret with the container's credentials. */
export async function readBastionConnection(
  secretsManager: SecretsManagerClient,
  secretName: string,
): Promise<BastionConnection> {
  let text: string | undefined;
  try {
    const out = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretName }));
    text = out.SecretString;
  } catch (err) {
    throw secretFailure(err, secretName);
  }
  if (text === undefined)
    throw new BastionSecretError(
      'invalid',
      `the secret ${secretName} holds binary data, not the JSON text expected; ask your Studio admin to fix it`,
    );
  return parseBastionConnection(text, secretName);
}

function secretFailure(err: unknown, secretName: string): BastionSecretError {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (MISSING.has(name))
    return new BastionSecretError(
      'missing',
      `the secret ${secretName} does not exist: the team has no bastion yet (the CDK app creates it with ` +
        'the bastion); ask your Studio admin',
      { cause: err },
    );
  if (DENIED.has(name) || KMS_DENIED.has(name))
    return new BastionSecretError(
      'denied',
      `this container's role may not read the secret ${secretName} (secretsmanager:GetSecretValue` +
        `${KMS_DENIED.has(name) ? ' and kms:Decrypt' : ''}); ask your Studio admin for the permission`,
      { cause: err },
    );
  return new BastionSecretError(
    'unreachable',
    `cannot read the secret ${secretName} from Secrets Manager (${name || 'network error'}); try again later`,
    { cause: err },
  );
}
