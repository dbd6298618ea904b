import fs from 'node:fs';
import path from 'node:path';

/** The repository root, found from this file whether it runs from source or from scripts/dist. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pyproject.toml')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${start}`);
  }
}

export const VENV_BIN = path.join(REPO_ROOT, '.venv', 'bin');
export const PYTHON = path.join(VENV_BIN, 'python');
/** The built labextension in the source tree (what `npm run build:extension` writes). */
export const SOURCE_LABEXTENSION = path.join(
  REPO_ROOT,
  'python',
  'sagemaker_studio_for_teams',
  'labextension',
);
export const SOURCE_PYTHON_PACKAGE_DIR = path.join(REPO_ROOT, 'python');
/** Where `npm run build:wheel` leaves the wheel. */
export const WHEEL_DIR = path.join(REPO_ROOT, 'python', 'dist');

/** The one wheel in python/dist, or an error that says how to build it. */
export function builtWheel(): string {
  const wheels = fs.existsSync(WHEEL_DIR) ? fs.readdirSync(WHEEL_DIR).filter((f) => f.endsWith('.whl')) : [];
  if (wheels.length !== 1) {
    throw new Error(
      `expected one wheel in ${WHEEL_DIR}, found ${wheels.length}: run \`npm run build:wheel\``,
    );
  }
  return path.join(WHEEL_DIR, wheels[0] as string);
}
