import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import * as gitAuth from '../../src/git-auth';

/**
 * Denied access cannot happen in moto (no IAM enforcement): a stubbed client answers as Secrets
 * Manager does when the role lacks the permission. Everything else is tested over HTTP in helper.test.ts.
 */
const denied = (action: string) =>
  new SecretsManagerServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to perform: secretsmanager:${action}`,
  });

const client = new SecretsManagerClient({ region: 'us-east-1' });
const sm = mockClient(client);
afterEach(() => sm.reset());
const target = {
  secrets: client,
  userProfileName: 'jane-doe',
  provider: { host: 'gitlab.example.com', url: 'https://gitlab.example.com' },
  credentials: 'the Studio execution role',
};

test('a role that may not read the secret gets a message naming the permission and who to ask', async () => {
  sm.on(GetSecretValueCommand).rejects(denied('GetSecretValue'));
  const error = await gitAuth.gitAuthStatus(target).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(gitAuth.GitSecretAccessError);
  expect((error as Error).message).toBe(
    'the Studio execution role may not call secretsmanager:GetSecretValue on secret gitlab-jane-doe; ask your ' +
      'Studio admin to allow it (the CDK app grants each user their own gitlab-<user> secret)',
  );
  // The helper says the same to git, and answers nothing.
  const answer = await gitAuth.answerCredentialGet(
    'protocol=https\nhost=gitlab.example.com\n',
    'gitlab.example.com',
    () => gitAuth.readGitSecret(client, 'gitlab-jane-doe', 'the container role'),
  );
  expect(answer.stdout).toBe('');
  expect(answer.stderr).toContain('the container role may not call secretsmanager:GetSecretValue');
});

test('a role that may not write the secret is told so after the provider accepted the PAT', async () => {
  sm.on(PutSecretValueCommand).rejects(denied('PutSecretValue'));
  const accept = (async () =>
    new Response(JSON.stringify({ username: 'jane.doe' }), { status: 200 })) as unknown as typeof fetch;
  await expect(
    gitAuth.saveGitAuth({ ...target, username: 'jane.doe', pat: 'glpat-x', check: { fetch: accept } }),
  ).rejects.toThrow(
    'the Studio execution role may not call secretsmanager:PutSecretValue on secret gitlab-jane-doe',
  );
});

test('the secret is written with JSON encoding, so quotes and backslashes stay one value', async () => {
  sm.on(PutSecretValueCommand).resolves({});
  const accept = (async () =>
    new Response(JSON.stringify({ username: 'jane.doe' }), { status: 200 })) as unknown as typeof fetch;
  const pat = 'glpat-"quoted"\\back';
  await gitAuth.saveGitAuth({ ...target, username: 'jane.doe', pat, check: { fetch: accept } });
  const written = sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input.SecretString ?? '';
  expect(gitAuth.parseGitSecret('s', written).GITLAB_PAT).toBe(pat);
});

describe('the provider', () => {
  test('a host means https; an origin keeps its scheme and port; http only on loopback', () => {
    expect(gitAuth.parseGitProvider('gitlab.example.com', 'tag')).toEqual({
      host: 'gitlab.example.com',
      url: 'https://gitlab.example.com',
    });
    expect(gitAuth.parseGitProvider('gitlab.example.com:8443', 'tag').url).toBe(
      'https://gitlab.example.com:8443',
    );
    expect(gitAuth.parseGitProvider('http://127.0.0.1:8929', 'env')).toEqual({
      host: '127.0.0.1:8929',
      url: 'http://127.0.0.1:8929',
    });
    expect(() => gitAuth.parseGitProvider('http://gitlab.example.com', 'the tag')).toThrow(
      'the tag uses plain http for gitlab.example.com: a PAT may only travel over https (plain http only ' +
        'to a provider on this machine: 127.x.x.x, localhost or [::1])',
    );
    // The message names every loopback form it accepts.
    expect(gitAuth.parseGitProvider('http://localhost:8929', 'env').url).toBe('http://localhost:8929');
    expect(gitAuth.parseGitProvider('http://[::1]:8929', 'env').url).toBe('http://[::1]:8929');
    expect(() => gitAuth.parseGitProvider('https://gitlab.example.com/group', 'the tag')).toThrow(
      'must be a host name or an origin without a path',
    );
  });

  test('the variable overrides the domain tag; neither means none', () => {
    const tags = { 'studio-teams:git-provider-host': 'gitlab.example.com' };
    expect(gitAuth.gitProviderFrom(tags, {})?.host).toBe('gitlab.example.com');
    expect(gitAuth.gitProviderFrom(tags, { STUDIO_GIT_PROVIDER: 'http://localhost:1' })?.url).toBe(
      'http://localhost:1',
    );
    expect(gitAuth.gitProviderFrom({}, {})).toBeNull();
  });

  test('a provider that answers 5xx is unreachable, not a refusal; its text never repeats the PAT', async () => {
    const echo = (async () =>
      new Response(JSON.stringify({ message: 'bad token glpat-secret' }), {
        status: 503,
      })) as unknown as typeof fetch;
    const r = await gitAuth.checkPat(target.provider, 'jane.doe', 'glpat-secret', { fetch: echo });
    expect(r).toEqual({
      outcome: 'unreachable',
      reason: 'gitlab.example.com answered HTTP 503 (bad token ***)',
    });
  });
});

describe('names that would break git credential answers', () => {
  test('a username with a line break, a space or a quote is refused before the provider is asked', async () => {
    let asked = 0;
    const accept = (async () => {
      asked++;
      return new Response(JSON.stringify({ username: 'jane.doe' }), { status: 200 });
    }) as unknown as typeof fetch;
    for (const username of ['jane.doe\npassword=x', 'jane doe', "jane'doe", 'jane!doe', 'x'.repeat(256)]) {
      const error = await gitAuth
        .saveGitAuth({ ...target, username, pat: 'glpat-x', check: { fetch: accept } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/is not a git username: use letters, digits/);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(asked).toBe(0);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('a stored user name with a line break is a damaged secret, never a second line to git', async () => {
    const text = JSON.stringify({ GITLAB_PAT: 'glpat-x', GITLAB_USER_NAME: 'jane\nusername=eve' });
    expect(() => gitAuth.parseGitSecret('gitlab-jane-doe', text)).toThrow(
      'secret gitlab-jane-doe has a GITLAB_USER_NAME that is not a one-line string',
    );
    sm.on(GetSecretValueCommand).resolves({ SecretString: text });
    const answer = await gitAuth.answerCredentialGet(
      'protocol=https\nhost=gitlab.example.com\n',
      'gitlab.example.com',
      () => gitAuth.readGitSecret(client, 'gitlab-jane-doe'),
    );
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toContain('GITLAB_USER_NAME that is not a one-line string');
  });
});

test('the helper answers only a request naming the provider host: none named, another, or a look-alike get nothing', async () => {
  let reads = 0;
  const read = async (): Promise<gitAuth.GitSecret> => {
    reads++;
    return { GITLAB_PAT: 'glpat-x', GITLAB_USER_NAME: 'jane.doe' };
  };
  for (const input of [
    'protocol=https\n',
    'protocol=https\nhost=gitlab.example.com.evil.test\n',
    'protocol=https\nhost=evil.test\n',
  ])
    expect(await gitAuth.answerCredentialGet(input, 'gitlab.example.com', read)).toEqual({
      stdout: '',
      stderr: '',
    });
  expect(reads).toBe(0);
  const mine = await gitAuth.answerCredentialGet(
    'protocol=https\nhost=GitLab.example.com\n',
    'gitlab.example.com',
    read,
  );
  expect(mine.stdout).toBe('username=jane.doe\npassword=glpat-x\n');
});

test('a VERIFIED_AT that is no date (a hand-edited secret) reads as never verified, not as a status the API cannot send', async () => {
  const read = (VERIFIED_AT: unknown) =>
    gitAuth.parseGitSecret('s', JSON.stringify({ GITLAB_PAT: 'glpat-x', VERIFIED_AT })).VERIFIED_AT;
  expect(read('yesterday')).toBeNull();
  expect(read(42)).toBeNull();
  expect(read('2026-03-01T10:00:00+01:00')).toBe('2026-03-01T09:00:00.000Z');
  sm.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      GITLAB_PAT: 'glpat-x',
      GITLAB_USER_NAME: 'jane.doe',
      VERIFIED_AT: 'last week',
    }),
  });
  const status = await gitAuth.gitAuthStatus(target);
  expect(status).toMatchObject({ stored: true, gitUserName: 'jane.doe', lastVerifiedAt: null });
  expect(status.message).toContain('never verified');
});
