import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseCredentials, endpointFor, resolveAwsSettings, retrySettings } from '../src/aws/settings';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-home-'));
  fs.mkdirSync(path.join(home, '.aws'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const writeConfig = (text: string) => fs.writeFileSync(path.join(home, '.aws', 'config'), text);

describe('credentials rule', () => {
  it('--profile beats AWS_PROFILE beats env keys beats the sagemaker profile', () => {
    writeConfig('[profile sagemaker]\nregion = eu-west-1\n');
    const env = { HOME: home, AWS_PROFILE: 'p', AWS_ACCESS_KEY_ID: 'AKIA' };
    expect(chooseCredentials({ env, profile: 'x' })).toEqual({
      kind: 'profile',
      profile: 'x',
      why: '--profile',
    });
    expect(chooseCredentials({ env })).toEqual({ kind: 'profile', profile: 'p', why: 'AWS_PROFILE' });
    expect(chooseCredentials({ env: { HOME: home, AWS_ACCESS_KEY_ID: 'AKIA' } })).toEqual({ kind: 'env' });
    expect(chooseCredentials({ env: { HOME: home } })).toEqual({
      kind: 'profile',
      profile: 'sagemaker',
      why: 'default profile',
    });
  });

  it('finds the sagemaker profile in the credentials file too, else uses the default chain', () => {
    expect(chooseCredentials({ env: { HOME: home } })).toEqual({ kind: 'default-chain' });
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[sagemaker]\naws_access_key_id = x\n');
    expect(chooseCredentials({ env: { HOME: home } })).toMatchObject({ profile: 'sagemaker' });
  });

  it('honours AWS_CONFIG_FILE from the given env', () => {
    const file = path.join(home, 'elsewhere');
    fs.writeFileSync(file, '[profile sagemaker]\nregion=ap-south-1\n');
    const s = resolveAwsSettings({ env: { HOME: home, AWS_CONFIG_FILE: file } });
    expect(s).toMatchObject({
      region: 'ap-south-1',
      profile: 'sagemaker',
      credentialSource: 'profile sagemaker',
    });
  });
});

describe('region rule', () => {
  it('--region, then AWS_REGION, AWS_DEFAULT_REGION, then the profile', () => {
    writeConfig('[profile sagemaker]\nregion = eu-west-1\n[default]\nregion = us-west-2\n');
    const env = { HOME: home, AWS_REGION: 'a', AWS_DEFAULT_REGION: 'b' };
    expect(resolveAwsSettings({ env, region: 'r' }).region).toBe('r');
    expect(resolveAwsSettings({ env }).region).toBe('a');
    expect(resolveAwsSettings({ env: { HOME: home, AWS_DEFAULT_REGION: 'b' } }).region).toBe('b');
    expect(resolveAwsSettings({ env: { HOME: home } }).region).toBe('eu-west-1');
    expect(resolveAwsSettings({ env: { HOME: home, AWS_ACCESS_KEY_ID: 'k' } }).region).toBe('us-west-2');
  });

  it('fails with a usage error that says how to set one', () => {
    expect(() => resolveAwsSettings({ env: { HOME: home } })).toThrow(
      /no AWS region: pass --region, set AWS_REGION/,
    );
  });
});

describe('endpoints and retries', () => {
  it('prefers the service-specific endpoint of the given env', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_S3: 'http://s3' };
    expect(endpointFor(env, 'S3')).toBe('http://s3');
    expect(endpointFor(env, 'SAGEMAKER')).toBe('http://all');
    expect(endpointFor({}, 'SSM')).toBeUndefined();
    expect(endpointFor({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'SSM')).toBeUndefined();
  });

  it('retries enough by default and honours AWS_MAX_ATTEMPTS', () => {
    expect(retrySettings({})).toEqual({ maxAttempts: 8, retryMode: 'standard' });
    expect(retrySettings({ AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'adaptive' })).toEqual({
      maxAttempts: 3,
      retryMode: 'adaptive',
    });
  });
});
