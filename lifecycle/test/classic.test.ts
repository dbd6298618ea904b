import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import {
  AWS_CLI,
  BASH_BREAKAGE,
  buildScripts,
  makeSandbox,
  snapshot,
  stepsByName,
  wheelCopy,
  type Sandbox,
} from './helpers/sandbox';

/**
 * Classic Studio: the JupyterServer (JupyterLab 3) gets the sidecar and helpers without the
 * JupyterLab 4 extension; KernelGateway and Code Editor get the helpers unpacked into the home,
 * nothing added to the image's Python.
 */
jest.setTimeout(180_000);

let studio: TestStudio;
let scripts: ReturnType<typeof buildScripts>;
let tmp: string;
let wheel: string;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  studio = await startTestStudio();
  scripts = buildScripts();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-teams-wheel-'));
  wheel = wheelCopy(tmp);
});

afterAll(async () => {
  await studio?.close();
  for (const s of sandboxes) fs.rmSync(s.root, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function published(): Promise<Sandbox> {
  const s = await makeSandbox(studio, wheel, { withNode: true });
  sandboxes.push(s);
  await s.publish();
  return s;
}

const pythonSees = (s: Sandbox, code: string): Promise<string> =>
  s.exec(s.python, ['-c', code]).then((out) => out.trim());

test('classic JupyterServer: sidecar and proxy entry installed, the JupyterLab 4 extension removed, idempotent', async () => {
  const s = await published();
  const first = await s.runScript(scripts['jupyter-server']);
  expect(first.code).toBe(0);
  expect(first.output).not.toMatch(BASH_BREAKAGE);
  expect(stepsByName(s.summary())).toMatchObject({
    wheel: 'changed',
    labextension: 'changed',
    token: 'changed',
    'allow-hidden': 'changed',
  });
  expect(first.output).toMatch(
    /labextension: changed: removed the JupyterLab 4 extension \(this JupyterLab cannot load it\)/,
  );
  const list = await s.exec('bash', ['-c', 'jupyter labextension list 2>&1']);
  expect(list).not.toContain('@studio-teams/extension');
  // The sidecar bundle and the proxy entry stay.
  expect(
    await pythonSees(
      s,
      'import os, sagemaker_studio_for_teams.server_proxy as p; print(os.path.exists(p.SIDECAR_BUNDLE))',
    ),
  ).toBe('True');
  // No direnv or ~/.on_start here: they belong to where the kernels and terminals run.
  expect(s.summary().steps.map((x) => x.name)).not.toContain('on-start');

  const before = snapshot(s.root, [s.stateDir, path.join(s.root, 'tmp')]);
  const second = await s.runScript(scripts['jupyter-server']);
  expect(second.code).toBe(0);
  expect(Object.values(stepsByName(s.summary()))).not.toContain('changed');
  expect(second.output).toContain('labextension: ok: no JupyterLab 4 extension to remove');
  const after = snapshot(s.root, [s.stateDir, path.join(s.root, 'tmp')]);
  expect([...after].filter(([p, v]) => before.get(p) !== v)).toEqual([]);
});

for (const name of ['kernel-gateway', 'code-editor'] as const) {
  test(`${name}: helpers unpacked into the home, the image's Python untouched, direnv and ~/.on_start, idempotent`, async () => {
    const s = await published();
    fs.writeFileSync(path.join(s.home, '.on_start'), '#!/bin/bash\necho on-start-ran\n', { mode: 0o755 });
    const first = await s.runScript(scripts[name]);
    expect(first.code).toBe(0);
    expect(first.output).not.toMatch(BASH_BREAKAGE);
    const summary = s.summary();
    expect(summary.script).toBe(name);
    expect(stepsByName(summary)).toMatchObject({
      helpers: 'changed',
      node: 'ok',
      direnv: 'changed',
      'on-start': 'ok',
    });
    const helpers = path.join(s.home, '.local', 'share', 'studio-teams', 'helpers');
    expect(fs.readFileSync(path.join(helpers, 'ARTIFACTS_VERSION'), 'utf8').trim()).toBe(summary.version);
    expect(fs.existsSync(path.join(helpers, 'sidecar', 'sidecar.js'))).toBe(true);
    // Nothing pip-installed into the kernels' environment.
    expect(
      await pythonSees(
        s,
        'import importlib.util as u; print(u.find_spec("sagemaker_studio_for_teams") is None)',
      ),
    ).toBe('True');
    expect(fs.readFileSync(path.join(s.home, '.profile'), 'utf8')).toContain('# >>> studio-teams direnv >>>');

    const before = snapshot(s.root, [s.stateDir, path.join(s.root, 'tmp')]);
    const second = await s.runScript(scripts[name]);
    expect(second.code).toBe(0);
    expect(second.output).toContain(`helpers: ok: helpers ${summary.version} already in ${helpers}`);
    expect(Object.values(stepsByName(s.summary()))).not.toContain('changed');
    const after = snapshot(s.root, [s.stateDir, path.join(s.root, 'tmp')]);
    expect([...after].filter(([p, v]) => before.get(p) !== v)).toEqual([]);
  });
}

test('a ~/.profile of the user keeps its own lines; an edited block is put back once', async () => {
  const s = await published();
  const profile = path.join(s.home, '.profile');
  fs.writeFileSync(profile, 'export MY_SETTING=1\n');
  await s.runScript(scripts['kernel-gateway']);
  const text = fs.readFileSync(profile, 'utf8');
  expect(text.startsWith('export MY_SETTING=1\n# >>> studio-teams direnv >>>\n')).toBe(true);
  fs.writeFileSync(
    profile,
    text.replace('eval "$(direnv hook bash)"', 'echo tampered') + 'alias ll="ls -l"\n',
  );
  const again = await s.runScript(scripts['kernel-gateway']);
  expect(again.output).toContain('direnv: changed:');
  const fixed = fs.readFileSync(profile, 'utf8');
  expect(fixed).toContain('export MY_SETTING=1\n');
  expect(fixed).toContain('alias ll="ls -l"\n');
  expect(fixed).toContain('eval "$(direnv hook bash)"');
  expect(fixed.match(/# >>> studio-teams direnv >>>/g)).toHaveLength(1);
});

test('classic apps share one home: the git helper the last app registered works in the other app too', async () => {
  const s = await published();
  const provider = { STUDIO_GIT_PROVIDER: 'https://git.example.com' };
  const pat = `glpat-${randomBytes(12).toString('hex')}`;
  const value = JSON.stringify({ GITLAB_PAT: pat, GITLAB_USER_NAME: 'jane.doe' });
  const region = ['--region', s.vars.AWS_REGION ?? 'us-east-1'];
  await s
    .exec(AWS_CLI, [
      'secretsmanager',
      'create-secret',
      ...region,
      '--name',
      'gitlab-jane-doe',
      '--secret-string',
      value,
    ])
    .catch(() =>
      s.exec(AWS_CLI, [
        'secretsmanager',
        'put-secret-value',
        ...region,
        '--secret-id',
        'gitlab-jane-doe',
        '--secret-string',
        value,
      ]),
    );
  await s.runScript(scripts['kernel-gateway'], provider);
  expect(stepsByName(s.summary())['git-auth']).toBe('ok');
  // The JupyterServer starts last: its entry wins in the shared ~/.gitconfig.
  const last = await s.runScript(scripts['jupyter-server'], provider);
  expect(stepsByName(s.summary())['git-auth']).toBe('ok');
  expect(last.output).not.toContain(pat);
  // In a KernelGateway container the JupyterServer image's package folder does not exist.
  const pkg = await pythonSees(
    s,
    'import os, sagemaker_studio_for_teams as m; print(os.path.dirname(m.__file__))',
  );
  fs.rmSync(pkg, { recursive: true, force: true });

  const helpers = await s.exec('git', [
    'config',
    '--global',
    '--get-all',
    'credential.https://git.example.com.helper',
  ]);
  const helper = helpers.trim().split('\n').pop() ?? '';
  expect(helper).toContain(path.join(s.home, '.local', 'share', 'studio-teams', 'git'));
  expect(helper).not.toContain(s.envDir);
  const answer = await s.exec(
    'bash',
    ['-c', 'printf "protocol=https\\nhost=git.example.com\\n\\n" | git credential fill'],
    {
      GIT_TERMINAL_PROMPT: '0',
    },
  );
  expect(answer).toContain(`password=${pat}`);
  expect(answer).toContain('username=jane.doe');
});

test('KernelGateway apps starting together in one home take turns: both complete, nothing half-unpacked', async () => {
  const s = await published();
  const provider = { STUDIO_GIT_PROVIDER: 'https://git.example.com' };
  const runs = await Promise.all([1, 2, 3].map(() => s.runScript(scripts['kernel-gateway'], provider)));
  for (const r of runs) {
    expect(r.code).toBe(0);
    expect(r.output).not.toMatch(/: failed:/);
  }
  const helpers = path.join(s.home, '.local', 'share', 'studio-teams', 'helpers');
  expect(fs.readdirSync(path.join(s.home, '.local', 'share', 'studio-teams')).sort()).toEqual([
    'git',
    'helpers',
  ]);
  expect(fs.existsSync(path.join(helpers, 'sidecar', 'git-credential.js'))).toBe(true);
  const helperEntries = await s.exec('git', [
    'config',
    '--global',
    '--get-all',
    'credential.https://git.example.com.helper',
  ]);
  // One entry for the helper (after the empty one that clears other helpers), not one per start.
  expect(helperEntries.split('\n').filter(Boolean)).toHaveLength(1);
});
