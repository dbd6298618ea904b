import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root (where package-lock.json and the workspaces are), found from this file whether
 * it runs from infra/src (ts-jest, ts-node) or infra/dist/src (the built app).
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package-lock.json')) && fs.existsSync(path.join(dir, 'infra')))
      return dir;
  }
  throw new Error(`cannot find the repository root above ${start}`);
}
