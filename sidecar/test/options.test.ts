import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { defaultTokenFile, resolveOptions } from '../src/options';

const REPO = path.resolve(__dirname, '..', '..');

test('the token file is XDG-style: $XDG_CONFIG_HOME/studio-teams/sidecar-token, ~/.config without it', () => {
  expect(defaultTokenFile({}, '/home/u')).toBe('/home/u/.config/studio-teams/sidecar-token');
  expect(defaultTokenFile({ XDG_CONFIG_HOME: '' }, '/home/u')).toBe(
    '/home/u/.config/studio-teams/sidecar-token',
  );
  expect(defaultTokenFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/studio-teams/sidecar-token');
  expect(resolveOptions({ env: {} }).tokenFile).toBe(
    path.join(os.homedir(), '.config', 'studio-teams', 'sidecar-token'),
  );
});

test('--token-file, then STUDIO_SIDECAR_TOKEN_FILE, then the default', () => {
  const env = { XDG_CONFIG_HOME: '/cfg', STUDIO_SIDECAR_TOKEN_FILE: '/env/token' };
  expect(resolveOptions({ env, tokenFile: '/given' }).tokenFile).toBe('/given');
  expect(resolveOptions({ env }).tokenFile).toBe('/env/token');
  expect(resolveOptions({ env: { ...env, STUDIO_SIDECAR_TOKEN_FILE: '' } }).tokenFile).toBe(
    '/cfg/studio-teams/sidecar-token',
  );
});

test.each([
  ['no variables', {}],
  ['XDG_CONFIG_HOME', { XDG_CONFIG_HOME: '/cfg' }],
  ['STUDIO_SIDECAR_TOKEN_FILE', { XDG_CONFIG_HOME: '/cfg', STUDIO_SIDECAR_TOKEN_FILE: '/env/token' }],
])('the sidecar and the jupyter-server-proxy entry agree on the file (%s)', (_name, vars) => {
  const env: NodeJS.ProcessEnv = {
    HOME: os.homedir(),
    PATH: process.env.PATH,
    PYTHONPATH: path.join(REPO, 'python'),
    ...vars,
  };
  const python = execFileSync(
    path.join(REPO, '.venv', 'bin', 'python'),
    ['-c', 'from sagemaker_studio_for_teams.server_proxy import token_file_path; print(token_file_path())'],
    { env, encoding: 'utf8' },
  ).trim();
  expect(python).toBe(resolveOptions({ env: { ...vars } }).tokenFile);
});
