import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorConfig } from './config';

/** The home folder Studio keeps on the domain's EFS for a user or space, as the bastion sees it. */
export const homeDir = (config: EmulatorConfig, uid: number): string => join(config.efsMount, String(uid));

export function createHome(
  config: EmulatorConfig,
  uid: number,
  welcome?: { file: string; text: string },
): void {
  const dir = homeDir(config, uid);
  mkdirSync(dir, { recursive: true });
  if (welcome) writeFileSync(join(dir, welcome.file), welcome.text);
}
