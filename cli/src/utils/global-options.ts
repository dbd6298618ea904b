import type { Command } from 'commander';
import type { CliIo } from './io';

/**
 * What every bin of ours shares: the global options, the credentials rule in --help, and commander
 * set up to write to our streams and throw instead of exiting.
 */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--profile <name>', 'AWS profile (default: see below, usually "sagemaker")')
    .option('--region <region>', 'AWS region (default: see below)')
    .option('--domain <name>', 'Studio domain name (default: "datascience")')
    .option('--user <profile>', 'Studio user profile (default: from your assumed role)')
    .option('--debug', 'print stack traces with errors');
}

export function credentialsHelp(bin: string): string {
  return `
AWS credentials and region:
  credentials  --profile; else AWS_PROFILE; else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the
               environment; else the profile "sagemaker" when ~/.aws/config or ~/.aws/credentials
               has it; else the AWS SDK's default chain (SSO, container or instance role).
  region       --region; else AWS_REGION / AWS_DEFAULT_REGION; else the chosen profile's region.
  user         --user; else the session name of your assumed role (jane.doe -> jane-doe).
  AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_SAGEMAKER, _SSM, _STS, _S3) points at a local Studio.

Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C).
Errors are one line; --debug or DEBUG=${bin} adds the stack trace.`;
}

/**
 * Every command, however deep, writes to our streams, throws instead of exiting, and lists the
 * global options in its help. (addCommand does not copy these settings the way .command() does.)
 */
export function configureTree(root: Command, io: CliIo): void {
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
