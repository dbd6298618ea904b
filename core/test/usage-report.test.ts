import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { parseS3Url, readUsageReport } from '../src/usage-report';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });
afterEach(() => s3.reset());
afterAll(() => s3.restore());

/** Only the part of the SDK's stream the reader uses. */
const body = (text: string) => ({ transformToString: async () => text });

describe('readUsageReport', () => {
  it('parses s3 URLs', () => {
    expect(parseS3Url('s3://b/k/x.json')).toEqual({ bucket: 'b', key: 'k/x.json' });
    expect(parseS3Url('https://b/k')).toBeUndefined();
  });

  it('is null with a reason when there is no location, without any call', async () => {
    await expect(readUsageReport(client, undefined)).resolves.toEqual({
      report: null,
      note: 'the domain ARN names no account, so the report cannot be found',
    });
    expect(s3.calls()).toHaveLength(0);
  });

  it('is null when the object does not exist', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('gone'), { name: 'NoSuchKey' }));
    await expect(readUsageReport(client, 's3://b/k')).resolves.toEqual({
      report: null,
      note: 'no usage report at s3://b/k yet',
    });
  });

  it('validates the report against the schema', async () => {
    const report = {
      generatedAt: '2026-11-20T03:00:00Z',
      totalBytes: 10,
      profiles: { 'jane-doe': 7 },
      spaces: { team: 3 },
    };
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: body(JSON.stringify(report)) } as never)
      .resolvesOnce({ Body: body('{"totalBytes": -1}') } as never);
    await expect(readUsageReport(client, 's3://b/k')).resolves.toEqual({ report });
    const bad = await readUsageReport(client, 's3://b/k');
    expect(bad.report).toBeNull();
    expect(bad.note).toMatch(/usage report s3:\/\/b\/k is invalid/);
  });
});
