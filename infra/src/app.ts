import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { TeamConfig } from '@studio-teams/schema';
import { loadTeamConfig } from './config';
import { acknowledgeKnownFindings } from './nag';
import { StudioTeamsStack } from './stack';

export interface BuildAppOptions {
  readonly config: TeamConfig;
  /** Cloud assembly folder (default cdk.out, or the CLI's). */
  readonly outdir?: string;
  readonly lifecycleDir?: string;
  readonly artifactsDir?: string;
}

/** The app `cdk synth` builds: one stack per team config, checked by cdk-nag's AwsSolutions pack. */
export function buildApp(opts: BuildAppOptions): { app: App; stack: StudioTeamsStack } {
  const app = new App(opts.outdir ? { outdir: opts.outdir } : {});
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new StudioTeamsStack(app, `StudioTeams-${opts.config.domainName}`, {
    config: opts.config,
    description: `Studio for Teams: SageMaker Studio domain ${opts.config.domainName} and its team`,
    ...(opts.lifecycleDir ? { lifecycleDir: opts.lifecycleDir } : {}),
    ...(opts.artifactsDir ? { artifactsDir: opts.artifactsDir } : {}),
  });
  acknowledgeKnownFindings(stack);
  return { app, stack };
}

/**
 * `cdk synth` from a config file: loads and validates it (a TeamConfigError names the file and each
 * bad field), builds the app and synthesizes it into `outdir`.
 */
export function synthFromConfigFile(
  file: string,
  opts: Omit<BuildAppOptions, 'config'> = {},
): ReturnType<App['synth']> {
  const config = loadTeamConfig(file);
  return buildApp({ ...opts, config }).app.synth();
}
