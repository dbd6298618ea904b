import type { SshAction, SshKey, SshStatus } from '@studio-teams/schema';

/** Words for the SSH section, kept apart from the widget so they can be tested without a page. */

export const STATE_LABELS: Record<SshStatus['state'], string> = {
  off: 'Off',
  'restart-needed': 'Restart needed',
  starting: 'Starting',
  ready: 'Ready',
};

export interface ActionText {
  label: string;
  /** What the button does, for its aria label and tooltip. */
  caption: string;
  /** The confirmation dialog, for actions with a consequence the user should agree to. */
  confirm: { title: string; body: string; accept: string } | null;
  /** Done when the action is in flight. */
  busy: string;
}

export function actionText(action: SshAction, status: SshStatus): ActionText {
  switch (action) {
    case 'enable-remote-access':
      return {
        label: 'Enable remote access',
        caption: `Allow SSH into space ${status.space?.name ?? ''} from your laptop`,
        confirm: {
          title: 'Enable remote access?',
          body:
            `Space ${status.space?.name ?? ''} will accept \`sm-ssh connect\` from your laptop. The ` +
            "running app keeps its old settings: stop and start the space's app afterwards (save your work first).",
          accept: 'Enable',
        },
        busy: 'Enabling…',
      };
    case 'activate':
      return {
        label: 'Activate',
        caption: 'Register this app with SSM so your laptop can connect to it by name',
        confirm: null,
        busy: 'Activating…',
      };
    case 'deactivate':
      return {
        label: 'Deactivate',
        caption: 'Stop the SSM agent and deregister this app: nobody can connect until you activate again',
        confirm: {
          title: 'Deactivate SSH?',
          body: 'Open SSH and VS Code sessions to this app end, and it stops being reachable by name.',
          accept: 'Deactivate',
        },
        busy: 'Deactivating…',
      };
  }
}

/** The sidecar path of an action. */
export const ACTION_PATHS: Record<SshAction, string> = {
  'enable-remote-access': 'ssh/remote-access',
  activate: 'ssh/activate',
  deactivate: 'ssh/deactivate',
};

/**
 * The fingerprint's base64 holds `/` and `+`, and jupyter-server-proxy decodes an encoded `/` into a
 * path separator: the URL-safe form is one path segment whatever sits in between.
 */
export const removeKeyPath = (key: SshKey): string =>
  `ssh/keys/${key.fingerprint.replace(/\+/g, '-').replace(/\//g, '_')}`;

export const keyLabel = (key: SshKey): string => `${key.comment || 'no comment'} (${key.type})`;

export function removeKeyConfirm(key: SshKey, status: SshStatus): { title: string; body: string } {
  return {
    title: `Remove key ${key.comment || key.fingerprint}?`,
    body:
      `${key.type} ${key.fingerprint} will no longer be accepted by any of your Studio containers from ` +
      `their next SSH session. It is removed from ${status.keysParameter}; \`npx sm-ssh init\` on that ` +
      'laptop adds it back.',
  };
}
