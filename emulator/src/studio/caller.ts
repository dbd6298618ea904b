import { profileNameFor } from '@studio-teams/schema';
import { AwsError } from '../http/aws-error';
import type { RequestContext } from '../services/service';

/**
 * Who is calling, as AWS knows it: from the access key id in the request's SigV4 `Credential=`,
 * asked of moto's STS with GetCallerIdentity carrying the caller's own authorization and session
 * token (the credential scope's service rewritten to `sts`, since moto routes by it). moto, like the
 * emulator, checks no signatures: it maps keys it issued with AssumeRole to their role session, and
 * any other key to its default user. Keys never change owner, so answers are cached per key.
 */
export interface Caller {
  arn: string;
  accessKeyId: string;
  /**
   * The user profile the caller stands for: as in the original (and core's `userProfileFromArn`),
   * people call through a role assumed with their own name (`first.last`) as the session name.
   */
  profile?: string;
  /** Session ids start with it, as AWS starts them with the caller's name. */
  name: string;
}

const ASSUMED_ROLE = /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/;

export async function identifyCaller(ctx: RequestContext): Promise<Caller> {
  const header = ctx.headers?.['authorization'];
  const authorization = Array.isArray(header) ? header[0] : header;
  const accessKeyId = authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
  if (!authorization || !accessKeyId)
    throw new AwsError(
      'MissingAuthenticationToken',
      'The request is not signed (no SigV4 Authorization header)',
      403,
    );
  const upstream = ctx.config.upstreamUrl;
  if (upstream === undefined)
    throw new AwsError(
      'AccessDeniedException',
      'The emulator cannot tell who is calling without moto (start it with an upstream) and so allows nothing here',
    );
  const cache = ctx.state.ssh.callers;
  let found = cache.get(accessKeyId);
  if (!found) {
    found = lookUp(upstream, authorization, accessKeyId, headerOf(ctx, 'x-amz-security-token'));
    cache.set(accessKeyId, found);
    found.catch(() => cache.delete(accessKeyId));
  }
  return found;
}

async function lookUp(
  upstream: string,
  authorization: string,
  accessKeyId: string,
  sessionToken: string | undefined,
): Promise<Caller> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    authorization: authorization.replace(
      /(Credential=[^/]+\/\d{8}\/[^/]+\/)[^/]+(\/aws4_request)/,
      '$1sts$2',
    ),
  };
  if (sessionToken !== undefined) headers['x-amz-security-token'] = sessionToken;
  let text: string;
  try {
    const res = await fetch(new URL('/', upstream), {
      method: 'POST',
      headers,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  } catch (err) {
    throw new AwsError(
      'InternalFailure',
      `The emulator could not ask moto who is calling: ${(err as Error).message}`,
      500,
    );
  }
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!arn) throw new AwsError('InternalFailure', 'moto answered GetCallerIdentity without an Arn', 500);
  const session = ASSUMED_ROLE.exec(arn)?.[1];
  const name = (session ?? arn.split('/').at(-1) ?? 'caller').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  return { arn, accessKeyId, name, ...(session !== undefined ? { profile: profileNameFor(session) } : {}) };
}

const headerOf = (ctx: RequestContext, name: string): string | undefined => {
  const value = ctx.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Profile names are case-insensitive in Studio. */
export const sameProfile = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** AWS's wording for an IAM refusal, with the condition that refused it. */
export function accessDenied(caller: Caller, action: string, resource: string, why: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because ${why}`,
  );
}
