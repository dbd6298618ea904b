import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseWith, UsageReport } from '@studio-teams/schema';
import { describeAwsError } from './errors';

/**
 * The bastion's daily EFS usage report, read with one S3 GetObject from its fixed location
 * (`usageReportLocation` in schema). Any reason it cannot be read yields `report: null` plus a note,
 * so tables say "unknown" (never 0) and still show everything else.
 */

export interface UsageReportResult {
  report: UsageReport | null;
  /** Why the report is missing, for a one-line notice. */
  note?: string;
}

export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url.trim());
  return m?.[1] && m[2] ? { bucket: m[1], key: m[2] } : undefined;
}

export async function readUsageReport(
  s3: S3Client,
  location: string | undefined,
): Promise<UsageReportResult> {
  if (!location)
    return { report: null, note: 'the domain ARN names no account, so the report cannot be found' };
  const where = parseS3Url(location);
  if (!where) return { report: null, note: `"${location}" is not an s3://bucket/key URL` };
  let text: string;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
    text = (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') {
      return { report: null, note: `no usage report at ${location} yet` };
    }
    return {
      report: null,
      note: `cannot read the usage report at ${location}: ${describeAwsError(err).message}`,
    };
  }
  try {
    return { report: parseWith(UsageReport, JSON.parse(text), `usage report ${location}`) };
  } catch (err) {
    return { report: null, note: (err as Error).message.split('\n').join(' ') };
  }
}
