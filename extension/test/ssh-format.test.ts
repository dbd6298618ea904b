import type { SshStatus } from '@studio-teams/schema';
import {
  ACTION_PATHS,
  actionText,
  keyLabel,
  removeKeyConfirm,
  removeKeyPath,
  STATE_LABELS,
} from '../src/ssh/format';

const status = (over: Partial<SshStatus> = {}): SshStatus => ({
  mode: 'space',
  state: 'off',
  message: 'Remote access is off.',
  host: 'sm-team',
  connectCommand: 'sm-ssh connect sm-team',
  actions: ['enable-remote-access'],
  space: { name: 'team', remoteAccess: false, appPickedUp: null },
  classic: null,
  keysParameter: '/studio-teams/ssh/jane-doe/public-keys',
  keys: [],
  ...over,
});
const key = {
  type: 'ssh-ed25519',
  fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
  comment: 'jane@laptop',
};

test('every state has a label', () => {
  expect(Object.keys(STATE_LABELS).sort()).toEqual(['off', 'ready', 'restart-needed', 'starting']);
});

test('enabling remote access asks first and says the app must restart', () => {
  const text = actionText('enable-remote-access', status());
  expect(text.label).toBe('Enable remote access');
  expect(text.confirm?.body).toMatch(/stop and start the space's app/);
  expect(ACTION_PATHS['enable-remote-access']).toBe('ssh/remote-access');
});

test('activating needs no dialog; deactivating does', () => {
  const classic = status({ mode: 'classic', space: null });
  expect(actionText('activate', classic).confirm).toBeNull();
  expect(actionText('deactivate', classic).confirm?.accept).toBe('Deactivate');
});

test('a key is removed by its URL-safe fingerprint (no %2F for a proxy to decode), and the dialog names it and the parameter', () => {
  expect(removeKeyPath(key)).toBe('ssh/keys/SHA256:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
  expect(keyLabel(key)).toBe('jane@laptop (ssh-ed25519)');
  const { title, body } = removeKeyConfirm(key, status());
  expect(title).toBe('Remove key jane@laptop?');
  expect(body).toContain(key.fingerprint);
  expect(body).toContain('/studio-teams/ssh/jane-doe/public-keys');
});
