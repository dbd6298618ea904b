import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseWith, PoliceAddressBook } from '@studio-teams/schema';

/**
 * Where the police writes to each profile. The team config names everyone's email; a profile that is
 * not in it (made by hand in the console) falls back to the original's rule, `<first.last>@<domain>`.
 */
export interface AddressBook {
  /** Profile name -> email, from the team config. */
  byProfile: Readonly<Record<string, string>>;
  /** The team's mail domain, for profiles the config does not list. */
  emailDomain?: string | undefined;
}

export function addressOf(book: AddressBook, profile: string): string | undefined {
  const listed = book.byProfile[profile];
  if (listed) return listed;
  // Profiles replaced the person's dots with dashes; the original mailed the dotted name back.
  return book.emailDomain ? `${profile.replace(/-/g, '.')}@${book.emailDomain}` : undefined;
}

/** The address book the CDK app deploys beside the police (`{ "<profile>": "<email>" }`), read with one GetObject. */
export async function readAddressBook(
  s3: S3Client,
  location: { bucket: string; key: string },
  emailDomain: string | undefined,
): Promise<AddressBook> {
  const where = `s3://${location.bucket}/${location.key}`;
  const out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const text = (await out.Body?.transformToString('utf-8')) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`the address book at ${where} is not JSON`);
  }
  const byProfile = parseWith(PoliceAddressBook, parsed, `the address book at ${where}`);
  return { byProfile, emailDomain };
}
