#!/usr/bin/env node
/**
 * `cdk synth|deploy` entry: reads the team config from `-c config=<file>`, else STUDIO_TEAMS_CONFIG,
 * else infra/team.yaml, and builds the app. A bad config prints its problems by field and exits 1.
 */
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { TeamConfigError } from '@studio-teams/schema';
import { buildApp } from '../src/app';
import { DEFAULT_CONFIG_FILE, loadTeamConfig } from '../src/config';
import { REPO_ROOT } from '../src/repo-root';

function main(): void {
  // The CLI passes context and outdir through the environment; a bare App reads them.
  const probe = new App();
  const fromContext = probe.node.tryGetContext('config') as string | undefined;
  const file =
    fromContext ?? process.env.STUDIO_TEAMS_CONFIG ?? path.join(REPO_ROOT, 'infra', DEFAULT_CONFIG_FILE);
  let config;
  try {
    config = loadTeamConfig(file);
  } catch (err) {
    if (err instanceof TeamConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const { app } = buildApp({ config, ...(probe.outdir ? { outdir: probe.outdir } : {}) });
  app.synth();
}

main();
