import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REQUIREMENTS = path.resolve(__dirname, '..', '..', 'requirements.txt');

/**
 * A home for the Kernels spec with two real project environments: a venv made by `python3 -m venv`
 * with ipykernel installed by pip, pinned by the repository's requirements, and one without. The installed venv is
 * made once per machine (the kernels jest tests share it) and copied: a copied venv works, its
 * python finds its prefix from the pyvenv.cfg beside it.
 */
export function makeKernelsHome(): { home: string; venv: string; bare: string } {
  const pin = /^ipykernel==(\S+)/m.exec(fs.readFileSync(REQUIREMENTS, 'utf8'))?.[1] ?? 'unpinned';
  const template = path.join(os.tmpdir(), `studio-teams-kernels-template-${pin}`);
  if (!fs.existsSync(path.join(template, 'pyvenv.cfg'))) {
    const building = `${template}.${process.pid}.tmp`;
    fs.rmSync(building, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', building]);
    execFileSync(
      path.join(building, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', 'ipykernel', '-c', REQUIREMENTS],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    try {
      fs.renameSync(building, template);
    } catch {
      fs.rmSync(building, { recursive: true, force: true });
    }
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'galata-kernels-home-'));
  const venv = path.join(home, 'projects', 'galata-demo', '.venv');
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  execFileSync('cp', ['-a', template, venv]);
  // One without ipykernel (with pip), for the panel to install it into.
  const bare = path.join(home, 'projects', 'needs-kernel', '.venv');
  execFileSync('python3', ['-m', 'venv', bare]);
  return { home, venv, bare };
}
