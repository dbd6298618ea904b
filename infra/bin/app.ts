#!/usr/bin/env node
/**
 * `cdk synth|deploy` entry: reads the team config from `-c config=<file>` (cdk.json names team.yaml),
 * else STUDIO_TEAMS_CONFIG, else infra/team.yaml. A bad config prints its problems by field, exit 1.
 */
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { TeamConfigError } from '@studio-teams/schema';
import { synthFromConfigFile } from '../src/app';
import { DEFAULT_CONFIG_FILE } from '../src/config';
import { REPO_ROOT } from '../src/repo-root';

// The CLI hands context and the output folder to the app through the environment; an App reads them.
const cli = new App();
const named = (cli.node.tryGetContext('config') as string | undefined) ?? process.env.STUDIO_TEAMS_CONFIG;
const file = named ? path.resolve(named) : path.join(REPO_ROOT, 'infra', DEFAULT_CONFIG_FILE);
try {
  synthFromConfigFile(file, { outdir: cli.outdir });
} catch (err) {
  if (!(err instanceof TeamConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
