import { Command } from 'commander';
import { deleteCommand } from './commands/delete';
import { downCommand } from './commands/down';
import { downAllCommand } from './commands/down-all';
import { spacesCommand } from './commands/spaces';
import { statusCommand } from './commands/status';
import { statusAllCommand } from './commands/status-all';
import { upCommand } from './commands/up';
import type { CliIo } from './utils/io';
import type { RunState } from './utils/session';
import { cliVersion } from './utils/version';

const CREDENTIALS_HELP = `
AWS credentials and region:
  credentials  --profile; else AWS_PROFILE; else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the
               environment; else the profile "sagemaker" when ~/.aws/config or ~/.aws/credentials
               has it; else the AWS SDK's default chain (SSO, container or instance role).
  region       --region; else AWS_REGION / AWS_DEFAULT_REGION; else the chosen profile's region.
  user         --user; else the session name of your assumed role (jane.doe -> jane-doe).
  AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_SAGEMAKER, _SSM, _STS, _S3) points at a local Studio.

Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C).
Errors are one line; --debug or DEBUG=sm-studio adds the stack trace.`;

const EXAMPLES = `
Examples:
  $ sm-studio up                          open Studio in the browser
  $ sm-studio up --space team-x --app jupyterlab
  $ sm-studio status --all                your apps and your spaces' apps, with their cost
  $ sm-studio down                        stop your apps (keeps the JupyterServer UI)
  $ sm-studio status-all --json           every user and space, for scripts
  $ sm-studio --profile work --region eu-west-1 spaces list`;

/**
 * The program for one run: global options, then one command per file in commands/. Built fresh per
 * run because commander keeps parsed values on the command objects.
 */
export function buildProgram(io: CliIo, state: RunState): Command {
  const program = new Command()
    .name('sm-studio')
    .description('Start, stop and inspect your SageMaker Studio apps and spaces from the laptop.')
    .version(cliVersion(), '-V, --version')
    .option('--profile <name>', 'AWS profile (default: see below, usually "sagemaker")')
    .option('--region <region>', 'AWS region (default: see below)')
    .option('--domain <name>', 'Studio domain name (default: "datascience")')
    .option('--user <profile>', 'Studio user profile (default: from your assumed role)')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', `${EXAMPLES}\n${CREDENTIALS_HELP}`)
    .showSuggestionAfterError(true);

  program
    .addCommand(upCommand(io, state))
    .addCommand(downCommand(io, state))
    .addCommand(downAllCommand(io, state))
    .addCommand(deleteCommand(io, state))
    .addCommand(statusCommand(io, state))
    .addCommand(statusAllCommand(io, state))
    .addCommand(spacesCommand(io, state));

  configureTree(program, io);
  return program;
}

/**
 * Every command, however deep, writes to our streams, throws instead of exiting, and lists the
 * global options in its help. (addCommand does not copy these settings the way .command() does.)
 */
function configureTree(root: Command, io: CliIo): void {
  root
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    })
    .configureHelp({ showGlobalOptions: true });
  const walk = (parent: Command) => {
    for (const child of parent.commands) {
      child.copyInheritedSettings(parent);
      walk(child);
    }
  };
  walk(root);
}
