import { describeAwsError, UserError } from '../src/errors';

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('describeAwsError', () => {
  it('explains how to configure credentials when there are none', () => {
    const e = describeAwsError(
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
    );
    expect(e.message).toMatch(/no AWS credentials found: add a \[profile sagemaker\].*--profile/);
    expect(e.message).not.toContain('\n');
  });

  it('names a missing profile', () => {
    const e = describeAwsError(
      sdkError(
        'CredentialsProviderError',
        'Could not resolve credentials using profile: [work] in configuration/credentials file(s).',
      ),
      { profile: 'work' },
    );
    expect(e.message).toMatch(/AWS profile "work" gave no credentials/);
  });

  it('says to re-authenticate when the session expired', () => {
    const e = describeAwsError(
      sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
      {
        profile: 'sagemaker',
      },
    );
    expect(e.message).toMatch(/expired.*re-authenticate.*aws sso login --profile sagemaker/);
  });

  it('says throttling never cleared, with the attempts and the operation', () => {
    const err = sdkError('ThrottlingException', 'Rate exceeded', { $metadata: { attempts: 8 } });
    Object.defineProperty(err, '$operation', { value: 'sagemaker:ListApps' });
    expect(describeAwsError(err).message).toBe(
      'AWS kept throttling the request (sagemaker:ListApps) on all 8 attempts; wait a minute and try again',
    );
  });

  it('names the denied action', () => {
    const e = describeAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:sts::1:assumed-role/r/jane is not authorized to perform: sagemaker:DeleteApp on resource: x',
      ),
      { credentialSource: 'profile sagemaker', region: 'eu-west-1' },
    );
    expect(e.message).toMatch(/^you may not call sagemaker:DeleteApp in eu-west-1 with profile sagemaker/);
  });

  it('names the missing resource', () => {
    const err = sdkError('ResourceNotFound', 'Space team does not exist.');
    Object.defineProperty(err, '$operation', { value: 'sagemaker:DescribeSpace' });
    expect(describeAwsError(err).message).toBe(
      'not found (sagemaker:DescribeSpace): Space team does not exist.',
    );
  });

  it('reports 5xx that outlasted the retries', () => {
    const err = sdkError('InternalFailure', 'boom', {
      $fault: 'server',
      $metadata: { httpStatusCode: 503, attempts: 8 },
    });
    expect(describeAwsError(err).message).toMatch(
      /AWS kept failing with HTTP 503 after 8 attempts; try again later/,
    );
  });

  it('reports an unreachable endpoint', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeAwsError(err).message).toMatch(/cannot reach AWS.*AWS_ENDPOINT_URL/);
  });

  it('passes UserErrors through and keeps one line for anything else', () => {
    const u = new UserError('x', 2);
    expect(describeAwsError(u)).toBe(u);
    expect(describeAwsError(new Error('a\n  b')).message).toBe('Error: a b');
  });
});
