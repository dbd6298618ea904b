import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/testing/git-client';

/**
 * The credential helper the JupyterLab under test was given: the wheel's copy in its private prefix,
 * or the source tree's bundle when the UI tests run from source (STUDIO_TEAMS_UI_SOURCE).
 */
export function findWheelHelper(stateDir: string): string {
  const found = find(path.join(stateDir, 'prefix'));
  if (found) return found;
  const source = path.join(REPO_ROOT, 'python', 'sagemaker_studio_for_teams', 'sidecar', 'git-credential.js');
  if (process.env.STUDIO_TEAMS_UI_SOURCE && fs.existsSync(source)) return source;
  throw new Error(
    `no git-credential.js in ${stateDir}/prefix: was the wheel built with npm run build:wheel?`,
  );
}

function find(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = find(p);
      if (inner) return inner;
    } else if (entry.name === 'git-credential.js' && p.includes(`${path.sep}sidecar${path.sep}`)) return p;
  }
  return undefined;
}
