import { Command } from 'commander';
import type { GitAuthStatus } from '@studio-teams/schema';
import { loadCore } from '../utils/core';
import type { CliIo } from '../utils/io';
import { printJson } from '../utils/output';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../utils/session';

interface GitAuthOptions {
  username?: string;
  saveUnverified?: boolean;
  status?: boolean;
  json?: boolean;
}

/** Typed PATs longer than this are a paste gone wrong (a whole file), not a token. */
const MAX_PAT_LENGTH = 1024;

export function gitAuthCommand(io: CliIo, state: RunState): Command {
  return new Command('git-auth')
    .description("Store your GitLab PAT in your own secret, checked against the team's git provider first")
    .option(
      '--username <name>',
      'your GitLab username (default: $GITLAB_USER_NAME, else your profile’s git user)',
    )
    .option(
      '--save-unverified',
      'store the PAT even when the provider cannot be reached (a refused PAT never is)',
    )
    .option('--status', 'only show whether a PAT is stored, for whom, and when it was last verified')
    .option('--json', 'print GitAuthSaveResponse / GitAuthStatus JSON (schema/src/git-auth-api.ts)')
    .addHelpText(
      'after',
      `
The PAT is read from a prompt that does not echo it, or from stdin when there is no terminal; never
from the command line, where it would land in your shell history and the process list. It is checked
with GET https://<provider>/api/v4/user, then written as a new version of the secret gitlab-<user>.
git in your Studio containers then fetches and pushes over https with it (the credential helper).

Examples:
  $ sm-studio git-auth                               asks for the PAT
  $ sm-studio git-auth --username jane.doe < ~/.config/gitlab-pat
  $ pass show gitlab | sm-studio git-auth --json
  $ sm-studio git-auth --status`,
    )
    .action(async (opts: GitAuthOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      const core = loadCore();
      const { ctx, settings, userProfileName } = await openUserSession(io, global, state);
      const provider = core.gitAuth.gitProviderFrom(await ctx.tags(), io.env);
      const secrets = core.createSecretsManagerClient(settings);
      const target = { secrets, userProfileName, provider, credentials: settings.credentialSource };
      try {
        if (opts.status) {
          const status = await core.gitAuth.gitAuthStatus(target);
          if (opts.json) return printJson(io.stdout, status);
          return printStatus(io, status);
        }
        if (!provider) throw new core.gitAuth.NoGitProviderError();
        const given =
          opts.username ??
          (io.env.GITLAB_USER_NAME ||
            (await core.gitAuth.gitIdentity(ctx.clients.sagemaker, ctx.domain.id, userProfileName)).name);
        if (!given)
          throw new core.UserError(
            'which GitLab user is the PAT for? Pass --username (or set GITLAB_USER_NAME)',
            core.EXIT.usage,
          );
        // Refused before the PAT is asked for, not after it was typed.
        const username = core.gitAuth.checkGitUsername(given);
        const pat = await readPat(io, `GitLab PAT for ${username} on ${provider.host}: `);
        if (io.isTTY) io.stderr.write(`Checking the PAT with ${provider.host}…\n`);
        const result = await core.gitAuth.saveGitAuth({
          ...target,
          username,
          pat,
          saveUnverified: opts.saveUnverified === true,
          saveUnverifiedHint: 'pass --save-unverified',
        });
        if (opts.json) return printJson(io.stdout, result);
        (result.verified ? io.stdout : io.stderr).write(`${result.message}\n`);
      } finally {
        secrets.destroy();
      }
    });
}

function printStatus(io: CliIo, status: GitAuthStatus): void {
  const provider = status.provider ? status.provider.host : 'none configured';
  io.stdout.write(
    `git provider: ${provider}\nsecret:       ${status.secretName}\n` +
      `stored:       ${status.stored ? `yes, for ${status.gitUserName ?? 'an unnamed user'}` : 'no'}\n` +
      `verified:     ${status.lastVerifiedAt ?? 'never'}\n${status.message}\n`,
  );
}

/** The PAT: typed without echo at a terminal, else the first line of stdin. */
async function readPat(io: CliIo, prompt: string): Promise<string> {
  const { UserError, EXIT } = loadCore();
  // A terminal on stdin is enough (`sm-studio git-auth --json | jq` still types into one): never echo.
  const terminal = io.isTTY === true || (io.stdin as RawInput).isTTY === true;
  const text = terminal ? await promptHidden(io, prompt) : firstLine(await readStdin(io.stdin));
  const pat = text.trim();
  if (pat === '')
    throw new UserError(
      terminal
        ? 'no PAT typed; nothing was saved'
        : 'no PAT on stdin (pipe it in, or run at a terminal to be asked)',
      EXIT.usage,
    );
  if (pat.length > MAX_PAT_LENGTH || !/^[\x21-\x7e]+$/.test(pat))
    throw new UserError(
      'that does not look like a PAT (one word of printable characters); nothing was saved',
      EXIT.usage,
    );
  return pat;
}

const firstLine = (text: string): string => text.split(/\r?\n/)[0] ?? '';

function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      // Enough for a PAT: stop reading a huge paste.
      if (text.length > 64 * 1024) resolve(text);
    });
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

interface RawInput {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/** Reads one line from the terminal in raw mode, echoing nothing; Ctrl-C and Ctrl-D abort. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const { UserError, EXIT } = loadCore();
  const input = io.stdin as NodeJS.ReadableStream & RawInput;
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const raw = typeof input.setRawMode === 'function';
    if (raw) input.setRawMode?.(true);
    input.setEncoding('utf8');
    const done = (error: Error | null) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onEnd = () => done(null);
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new UserError('interrupted; nothing was saved', EXIT.interrupted));
        if (ch === '\u0004') return done(null);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
