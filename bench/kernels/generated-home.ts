import fs from 'node:fs';
import path from 'node:path';

/**
 * A home like a data scientist's, made of real folders: projects with source, data and notebook
 * trees, node_modules, caches, and Python environments of every kind among them. Environments are
 * real folder layouts (pyvenv.cfg or conda-meta, bin/python linked to a real interpreter,
 * site-packages with or without ipykernel), so discovery reads exactly what it reads in Studio.
 */
export interface GeneratedHome {
  home: string;
  folders: number;
  envs: number;
}

export function generateHome(
  home: string,
  python: string,
  { target = 20_000, envs = 50 } = {},
): GeneratedHome {
  let folders = 0;
  const mkdir = (dir: string): string => {
    fs.mkdirSync(dir, { recursive: true });
    folders++;
    return dir;
  };
  const makeVenv = (dir: string, withIpykernel: boolean): void => {
    mkdir(dir);
    fs.writeFileSync(
      path.join(dir, 'pyvenv.cfg'),
      `home = ${path.dirname(python)}\ninclude-system-site-packages = false\nversion = 3.11.7\n`,
    );
    fs.symlinkSync(python, path.join(mkdir(path.join(dir, 'bin')), 'python'));
    mkdir(path.join(dir, 'lib'));
    mkdir(path.join(dir, 'lib', 'python3.11'));
    const site = mkdir(path.join(dir, 'lib', 'python3.11', 'site-packages'));
    for (const pkg of ['pip', 'numpy', 'pandas', ...(withIpykernel ? ['ipykernel'] : [])]) {
      fs.writeFileSync(path.join(mkdir(path.join(site, pkg)), '__init__.py'), '');
    }
  };
  const makeConda = (dir: string): void => {
    mkdir(dir);
    const meta = mkdir(path.join(dir, 'conda-meta'));
    fs.writeFileSync(path.join(meta, 'python-3.12.1-hab00c5b_0.json'), '{}');
    fs.writeFileSync(path.join(meta, 'ipykernel-6.29.0-pyh3099207_0.json'), '{}');
    fs.symlinkSync(python, path.join(mkdir(path.join(dir, 'bin')), 'python'));
  };

  mkdir(home);
  // Environments first, spread over every place discovery looks.
  let made = 0;
  const projects: string[] = [];
  const tops = ['projects', 'work', 'experiments', 'notebooks'];
  for (let t = 0; t < tops.length; t++) {
    for (let p = 0; p < 25; p++)
      projects.push(mkdir(path.join(home, tops[t] as string, `project-${t}-${p}`)));
  }
  const pipenvRoot = path.join(home, '.local', 'share', 'virtualenvs');
  const poetryRoot = path.join(home, '.cache', 'pypoetry', 'virtualenvs');
  const condaRoot = path.join(home, '.conda', 'envs');
  while (made < envs) {
    const i = made;
    const slot = i % 5;
    if (slot === 0)
      makeVenv(path.join(pipenvRoot, `pipenv-project-${i}-Ab3dE${String(i).padStart(3, '0')}`), i % 2 === 0);
    else if (slot === 1)
      makeVenv(path.join(poetryRoot, `poetry-project-${i}-Xy9zQ${String(i).padStart(3, '0')}-py3.11`), true);
    else if (slot === 2) makeConda(path.join(condaRoot, `conda-env-${i}`));
    else
      makeVenv(
        path.join(projects[i % projects.length] as string, slot === 3 ? '.venv' : 'venv'),
        i % 3 !== 0,
      );
    made++;
  }
  // Folders discovery must skip without reading them: node_modules and caches.
  for (let p = 0; p < projects.length && folders < target; p += 4) {
    const modules = mkdir(path.join(projects[p] as string, 'node_modules'));
    for (let m = 0; m < 40; m++) mkdir(path.join(modules, `pkg-${m}`, 'lib'));
  }
  // The rest: source, data and notebook trees, three and four levels below the home (all within
  // discovery's depth, so every one of them is read).
  let n = 0;
  while (folders < target) {
    const project = projects[n % projects.length] as string;
    const kind = ['src', 'data', 'notebooks', 'docs', 'tests'][n % 5] as string;
    const area = mkdir(path.join(project, `${kind}-${Math.floor(n / projects.length)}`));
    for (let leaf = 0; leaf < 8 && folders < target; leaf++) mkdir(path.join(area, `leaf-${leaf}`));
    n++;
  }
  return { home, folders, envs: made };
}
