import fs from 'node:fs';
import path from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import { CfnStudioLifecycleConfig } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

/** Studio's limit on a lifecycle config's content, which is the script in base64. */
export const LIFECYCLE_CONFIG_MAX_BASE64 = 16_384;

/** The app types a lifecycle config can be for, and the script file that holds each. */
export const LIFECYCLE_SCRIPTS = {
  JupyterLab: 'jupyterlab.sh',
  JupyterServer: 'jupyter-server.sh',
  KernelGateway: 'kernel-gateway.sh',
  CodeEditor: 'code-editor.sh',
} as const;
export type LifecycleAppType = keyof typeof LIFECYCLE_SCRIPTS;

export interface FoundScript {
  appType: LifecycleAppType;
  file: string;
  content: string;
}

/**
 * The scripts in `dir`: for each app type the built form `dist/<name>.sh` (the lib inlined) when it
 * exists, else `<name>.sh` at the top. Fails with the file's name and size when one is over Studio's
 * 16 KB, since Studio would refuse it only at deploy time.
 */
export function findLifecycleScripts(dir: string): FoundScript[] {
  const found: FoundScript[] = [];
  for (const [appType, name] of Object.entries(LIFECYCLE_SCRIPTS) as [LifecycleAppType, string][]) {
    const file = [path.join(dir, 'dist', name), path.join(dir, name)].find((f) => fs.existsSync(f));
    if (!file) continue;
    const content = fs.readFileSync(file, 'utf8');
    const size = Buffer.from(content, 'utf8').toString('base64').length;
    if (size > LIFECYCLE_CONFIG_MAX_BASE64) {
      throw new Error(
        `lifecycle script ${file} is ${size} bytes in base64, over Studio's limit of ${LIFECYCLE_CONFIG_MAX_BASE64}: ` +
          'shorten it (lifecycle/build.sh leaves out unused steps)',
      );
    }
    found.push({ appType, file, content });
  }
  return found;
}

export interface LifecycleConfigsProps {
  /** The folder holding the scripts (the repository's `lifecycle/`). */
  readonly dir: string;
  /** Prefix of the config names, so two domains in one account do not collide. */
  readonly namePrefix: string;
}

/**
 * One Studio lifecycle config per app type whose script exists. The seam with the lifecycle scripts:
 * with none present the domain gets none, and synth says so in a warning.
 */
export class LifecycleConfigs extends Construct {
  /** ARN of the config for each app type that has one. */
  readonly arns: Partial<Record<LifecycleAppType, string>> = {};

  constructor(scope: Construct, id: string, props: LifecycleConfigsProps) {
    super(scope, id);
    const scripts = findLifecycleScripts(props.dir);
    if (scripts.length === 0) {
      Annotations.of(this).addWarningV2(
        'studio-teams:no-lifecycle-scripts',
        `no lifecycle scripts in ${props.dir} (looked for dist/<app>.sh and <app>.sh): the domain is deployed ` +
          'without lifecycle configs, so apps start without the extension, sidecar and git helpers',
      );
    }
    for (const script of scripts) {
      const config = new CfnStudioLifecycleConfig(this, script.appType, {
        studioLifecycleConfigName: `${props.namePrefix}-${path.basename(script.file, '.sh')}`,
        studioLifecycleConfigAppType: script.appType,
        studioLifecycleConfigContent: Buffer.from(script.content, 'utf8').toString('base64'),
      });
      this.arns[script.appType] = config.attrStudioLifecycleConfigArn;
    }
  }
}
