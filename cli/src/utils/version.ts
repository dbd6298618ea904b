import fs from 'node:fs';
import path from 'node:path';

/** The version in cli/package.json, found upward from this file (src/ under jest, dist/src/ when built). */
export function cliVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@studio-teams/cli') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}
