import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSecretsManagerClient, gitAuth, resolveAwsSettings } from '@studio-teams/core';

/**
 * The git credential helper for the team's git provider, one small file next to the sidecar in the
 * wheel (Node is its only runtime, so it works in classic KernelGateway containers too):
 *   install       register it in the user's global git config for the provider's URL only, and set
 *                 user.name / user.email from the user profile's tags (lifecycle scripts run this);
 *   get           answer git with the user and PAT from the user's secret, read with the container's role;
 *   store, erase  change nothing (the secret is changed only by saving in the panel or `sm-studio git-auth`);
 *                 erase, git's "the provider refused it", says where to save a new PAT.
 */
export const USAGE = `Usage: git-credential.js <command> [options]

Commands:
  install [--node PATH]   register this helper for the team's git provider (credential.<url>.helper)
                          in the global git config, and set user.name/user.email from your profile
  get                     (git) answer with your git user and PAT from Secrets Manager
  store, erase            (git) change nothing; after a refused PAT, erase says where to save a
                          new one (the panel's Git section, or \`sm-studio git-auth\` on the laptop)

Options of get (written into git's config by install):
  --secret NAME           the secret holding the PAT (gitlab-<user profile>)
  --region REGION         its region
  --host HOST             the provider host it answers for

Environment: STUDIO_METADATA_FILE (Studio's resource metadata), STUDIO_GIT_PROVIDER (overrides
the domain's provider tag), GIT_CONFIG_GLOBAL (which git config install writes), AWS_* as usual.
`;

export interface HelperIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** The node binary and this file, as `install` writes them into git's config. */
  self: { node: string; file: string };
}

/** Runs one helper command; resolves with the exit code. Never throws. */
export async function runHelper(io: HelperIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: io.argv,
      allowPositionals: true,
      options: {
        secret: { type: 'string' },
        region: { type: 'string' },
        host: { type: 'string' },
        node: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr.write(`git-credential: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'get':
        return await get(io, values);
      case 'store':
        // git sends what worked; the secret already holds it.
        await readAll(io.stdin);
        return 0;
      case 'erase': {
        // git sends what the provider refused: the secret stays (only a person replaces a PAT), but
        // they learn where to, instead of a bare "Authentication failed".
        const request = gitAuth.parseCredentialRequest(await readAll(io.stdin));
        if (values.host && request.host?.toLowerCase() === values.host.toLowerCase())
          io.stderr.write(
            `studio-teams git-auth: ${values.host} refused the stored PAT (expired or revoked?): ` +
              `${gitAuth.savePatHint}\n`,
          );
        return 0;
      }
      case 'install':
        return await install(io, values.node);
      default:
        io.stderr.write(`git-credential: unknown command ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    io.stderr.write(`git-credential: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function get(
  io: HelperIo,
  values: { secret?: string | undefined; region?: string | undefined; host?: string | undefined },
): Promise<number> {
  const input = await readAll(io.stdin);
  if (!values.secret || !values.host) {
    io.stderr.write(
      'git-credential: get needs --secret and --host (run `git-credential.js install` again)\n',
    );
    return 0;
  }
  const secretName = values.secret;
  const answer = await gitAuth.answerCredentialGet(input, values.host, async () => {
    const settings = resolveAwsSettings({ region: values.region, env: io.env });
    const client = createSecretsManagerClient(settings);
    try {
      return await gitAuth.readGitSecret(client, secretName, 'the container role');
    } finally {
      client.destroy();
    }
  });
  io.stdout.write(answer.stdout);
  io.stderr.write(answer.stderr);
  // git treats a helper's failure as "no answer" anyway; exit 0 keeps its own message short.
  return 0;
}

async function install(io: HelperIo, node: string | undefined): Promise<number> {
  const setup = await gitAuth.containerGitSetup(io.env);
  const helper = gitAuth.helperCommand(node ?? io.self.node, path.resolve(io.self.file), [
    '--secret',
    setup.secretName,
    '--region',
    setup.region,
    '--host',
    setup.provider.host,
  ]);
  const done = await gitAuth.registerCredentialHelper({
    provider: setup.provider,
    command: helper,
    identity: setup.identity,
    env: io.env,
  });
  io.stdout.write(
    `git-auth: git over ${setup.provider.url} now asks secret ${setup.secretName} for ${setup.userProfileName}'s PAT\n` +
      done.map((line) => `  ${line}\n`).join(''),
  );
  return 0;
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}
