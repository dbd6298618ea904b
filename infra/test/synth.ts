import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parseTeamConfig, type TeamConfig } from '@studio-teams/schema';
import { buildApp } from '../src/app';
import { REPO_ROOT } from '../src/repo-root';
import type { StudioTeamsStack } from '../src/stack';

/** A team of three: an admin and two people, one of them with a dotted name. */
export const BASE_CONFIG = {
  domainName: 'datascience',
  account: '123456789012',
  region: 'eu-west-1',
  vpc: { create: { cidr: '10.0.0.0/16', maxAzs: 2 } },
  users: [
    { name: 'ada.admin', email: 'ada.admin@example.com', isAdmin: true },
    { name: 'bob.builder', email: 'bob.builder@example.com' },
    { name: 'carol', email: 'carol@example.com' },
  ],
  gitProviderHost: 'gitlab.example.com',
  adminEmail: 'ada.admin@example.com',
  emailDomain: 'example.com',
};

export const config = (overrides: Record<string, unknown> = {}): TeamConfig =>
  parseTeamConfig({ ...structuredClone(BASE_CONFIG), ...overrides }, 'test config');

export const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `infra-${prefix}-`));

/** A lifecycle folder with a script per app type, in the built (`dist/`) form. */
export function lifecycleFixture(scripts: Record<string, string> = {}): string {
  const dir = tempDir('lifecycle');
  fs.mkdirSync(path.join(dir, 'dist'));
  const all = {
    'jupyterlab.sh': '#!/bin/bash\necho jupyterlab\n',
    'jupyter-server.sh': '#!/bin/bash\necho jupyter-server\n',
    'kernel-gateway.sh': '#!/bin/bash\necho kernel-gateway\n',
    'code-editor.sh': '#!/bin/bash\necho code-editor\n',
    ...scripts,
  };
  for (const [name, body] of Object.entries(all)) fs.writeFileSync(path.join(dir, 'dist', name), body);
  return dir;
}

/** What scripts/artifacts/build.sh leaves: the manifest beside a versioned wheel. */
export function artifactsFixture(): string {
  const dir = tempDir('artifacts');
  fs.mkdirSync(path.join(dir, 'studio-teams', '0.1.0+abc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'studio-teams', '0.1.0+abc', 'wheel.whl'), 'not really a wheel');
  fs.writeFileSync(path.join(dir, 'studio-teams', 'manifest.json'), '{"version":"0.1.0+abc","files":{}}');
  return dir;
}

export interface Synth {
  stack: StudioTeamsStack;
  template: Template;
  /** The template as JSON, for the IAM evaluator. */
  json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  outdir: string;
  warnings: string[];
}

/**
 * Builds and synthesizes the app once (cdk-nag and CloudFormation's validation run here, and throw on
 * any unacknowledged finding), then reads the template from the cloud assembly: assertions share it.
 */
export function synth(cfg: TeamConfig, dirs: { lifecycleDir?: string; artifactsDir?: string } = {}): Synth {
  const outdir = tempDir('cdk-out');
  const { app, stack } = buildApp({
    config: cfg,
    outdir,
    lifecycleDir: dirs.lifecycleDir ?? lifecycleFixture(),
    artifactsDir: dirs.artifactsDir ?? tempDir('no-artifacts'),
  });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const json = JSON.parse(fs.readFileSync(path.join(outdir, artifact.templateFile), 'utf8')) as Synth['json'];
  const warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
  return { stack, template: Template.fromJSON(json), json, outdir, warnings };
}

export interface CfnLintFinding {
  Level: string;
  Rule: { Id: string };
  Message: string;
  Filename: string;
}

/** cfn-lint (the project venv's) over every template of a cloud assembly; returns its findings. */
export function cfnLint(outdir: string): { templates: string[]; findings: CfnLintFinding[] } {
  const templates = fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((t) => path.join(outdir, t));
  const cfnLintBin = path.join(REPO_ROOT, '.venv', 'bin', 'cfn-lint');
  let out: string;
  try {
    out = execFileSync(cfnLintBin, ['--format', 'json', ...templates], { encoding: 'utf8' });
  } catch (err) {
    // Exit status or-s 2 (errors), 4 (warnings), 8 (informational); the findings are on stdout.
    const e = err as { status: number | null; stdout?: string };
    if (e.status === null || e.status & 1 || !e.stdout) throw err;
    out = e.stdout;
  }
  return { templates, findings: JSON.parse(out || '[]') as CfnLintFinding[] };
}
