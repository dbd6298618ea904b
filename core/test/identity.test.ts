import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { UserError } from '../src/errors';
import { parseCallerArn, resolveUserProfileName, userProfileFromArn } from '../src/identity';

describe('identity', () => {
  it('reads role and session from an assumed-role ARN', () => {
    expect(parseCallerArn('arn:aws:sts::123456789012:assumed-role/jane.doe/jane.doe')).toEqual({
      kind: 'assumed-role',
      account: '123456789012',
      role: 'jane.doe',
      session: 'jane.doe',
    });
  });

  it('maps the session name to the profile name with . -> -', () => {
    expect(userProfileFromArn('arn:aws:sts::123456789012:assumed-role/SomeRole/first.middle.last')).toBe(
      'first-middle-last',
    );
    expect(userProfileFromArn('arn:aws-cn:sts::123456789012:assumed-role/r/jane.doe')).toBe('jane-doe');
  });

  it('asks for --user when the caller is not an assumed role', () => {
    expect(() => userProfileFromArn('arn:aws:iam::123456789012:user/jane')).toThrow(/pass --user/);
    try {
      userProfileFromArn('arn:aws:iam::123456789012:user/jane');
    } catch (e) {
      expect((e as UserError).exitCode).toBe(2);
    }
  });

  it('asks STS only when --user is not given', async () => {
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/r/jane.doe' });
    const client = new STSClient({ region: 'us-east-1' });
    await expect(resolveUserProfileName(client, 'bob')).resolves.toBe('bob');
    expect(sts.calls()).toHaveLength(0);
    await expect(resolveUserProfileName(client)).resolves.toBe('jane-doe');
    expect(sts.calls()).toHaveLength(1);
    sts.restore();
  });
});
