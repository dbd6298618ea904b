/**
 * A real JupyterLab with Studio for Teams in front of the running local Studio, until Ctrl-C:
 *   npm run local:up && node scripts/dist/jupyter/main.js [--user jane-doe] [--source]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAwsEnvFile } from './aws-env-file';
import { startJupyterLab, type Install } from './launch';
import { REPO_ROOT } from './paths';
import { identityFromEmulator } from './studio-metadata';

const USAGE = `Usage: node scripts/dist/jupyter/main.js [options]

  --aws-env <file>   the local Studio's env file [default .local/aws.env]
  --domain <name>    Studio domain [default datascience]
  --user <profile>   whose JupyterLab it is [default jane-doe]
  --source           the source tree's build instead of python/dist's wheel
  --wheel <file>     this wheel instead of python/dist's
  --port <n>         [default: a free port]
  --token <token>    Jupyter's token [default: a random one]
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'aws-env': { type: 'string', default: path.join(REPO_ROOT, '.local', 'aws.env') },
      domain: { type: 'string', default: 'datascience' },
      user: { type: 'string', default: 'jane-doe' },
      source: { type: 'boolean', default: false },
      wheel: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const awsEnv = readAwsEnvFile(values['aws-env']);
  const identity = await identityFromEmulator(awsEnv.AWS_ENDPOINT_URL as string, values.domain, values.user);
  const install: Install = values.source
    ? { kind: 'source' }
    : { kind: 'wheel', ...(values.wheel ? { wheel: values.wheel } : {}) };
  const lab = await startJupyterLab({
    awsEnv,
    identity,
    install,
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.token ? { token: values.token } : {}),
  });
  console.log(`JupyterLab for ${values.user} in ${values.domain} (${identity.domainId}): ${lab.labUrl}`);
  console.log(`  log ${lab.logFile}; Ctrl-C stops it`);
  const stop = (): void => void lab.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`jupyter: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
