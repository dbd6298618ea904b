import { Clipboard, Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';
import type { SshAction, SshKey, SshStatus } from '@studio-teams/schema';
import { actionText, keyLabel, removeKeyConfirm, STATE_LABELS } from './format';
import { PanelSection } from '../panel/section';
import type { SshModel } from './model';

/**
 * The panel's SSH section: whether the laptop can connect, the exact `sm-ssh connect` line, the
 * keys that are authorised, and only the actions the sidecar says apply now.
 */
export class SshSection extends PanelSection<SshStatus, SshModel> {
  constructor(model: SshModel) {
    super(model, {
      id: 'studio-teams-ssh',
      label: 'SSH',
      caption: 'SSH and VS Code into this container from your laptop',
      refreshTooltip: 'Refresh SSH state',
    });
  }

  protected renderStatus(status: SshStatus): React.ReactElement {
    const busy = this.model.busy !== null;
    return (
      <div className="jp-StudioTeams-Ssh" data-state={status.state}>
        <p role="status" style={{ margin: '4px 0' }}>
          <strong>SSH: {STATE_LABELS[status.state]}</strong>
        </p>
        <p className="jp-StudioTeams-note" style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
          {status.message}
        </p>
        <div style={{ display: 'flex', alignItems: 'center', gap: '4px', margin: '6px 0' }}>
          <code
            aria-label="Command to run on your laptop"
            style={{
              flex: 1,
              overflowWrap: 'anywhere',
              padding: '2px 6px',
              border: 'var(--jp-border-width) solid var(--jp-border-color2)',
              borderRadius: 'var(--jp-border-radius)',
              background: 'var(--jp-layout-color2)',
              fontFamily: 'var(--jp-code-font-family)',
              fontSize: 'var(--jp-code-font-size)',
            }}
          >
            {status.connectCommand}
          </code>
          <button
            type="button"
            className="jp-StudioTeams-Cost-stop"
            aria-label={`Copy ${status.connectCommand}`}
            title="Copy the command"
            onClick={() => this._copy(status.connectCommand)}
          >
            Copy
          </button>
        </div>
        {status.actions.length > 0 && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px', margin: '6px 0' }}>
            {status.actions.map((action) => this._renderAction(action, status, busy))}
          </div>
        )}
        <h3 style={{ fontSize: 'var(--jp-ui-font-size1)', margin: '10px 0 4px' }}>Authorised keys</h3>
        {status.keys.length === 0 ? (
          <p className="jp-StudioTeams-note">
            None yet: run <code>npx sm-ssh init</code> on your laptop.
          </p>
        ) : (
          <ul className="jp-StudioTeams-Cost-apps" aria-label="Authorised keys">
            {status.keys.map((key) => this._renderKey(key, status, busy))}
          </ul>
        )}
      </div>
    );
  }

  private _renderAction(action: SshAction, status: SshStatus, busy: boolean): React.ReactElement {
    const text = actionText(action, status);
    const primary = action !== 'deactivate';
    return (
      <button
        key={action}
        type="button"
        className={`jp-Button jp-mod-styled ${primary ? 'jp-mod-accept' : 'jp-mod-warn'}`}
        aria-label={text.caption}
        title={text.caption}
        disabled={busy}
        onClick={() => void this._act(action, status)}
      >
        {this.model.busy === action ? text.busy : text.label}
      </button>
    );
  }

  private _renderKey(key: SshKey, status: SshStatus, busy: boolean): React.ReactElement {
    const label = keyLabel(key);
    const removing = this.model.busy === `remove ${key.fingerprint}`;
    return (
      <li key={key.fingerprint} className="jp-StudioTeams-Cost-app" aria-label={label}>
        <div className="jp-StudioTeams-Cost-app-name" title={key.comment}>
          {key.comment || 'no comment'}
        </div>
        <div className="jp-StudioTeams-Cost-app-details">
          {key.type} {key.fingerprint}
        </div>
        <button
          type="button"
          className="jp-StudioTeams-Cost-stop"
          aria-label={`Remove key ${label}`}
          title={`Remove key ${label}`}
          disabled={busy}
          onClick={() => void this._confirmRemove(key, status)}
        >
          {removing ? 'Removing…' : 'Remove'}
        </button>
      </li>
    );
  }

  private _copy(text: string): void {
    Clipboard.copyToSystem(text);
    Notification.info('Copied. Run it in a terminal on your laptop.', { autoClose: 3000 });
  }

  private async _act(action: SshAction, status: SshStatus): Promise<void> {
    const text = actionText(action, status);
    if (text.confirm) {
      const result = await showDialog({
        title: text.confirm.title,
        body: text.confirm.body,
        buttons: [
          Dialog.cancelButton(),
          action === 'deactivate'
            ? Dialog.warnButton({ label: text.confirm.accept })
            : Dialog.okButton({ label: text.confirm.accept }),
        ],
        defaultButton: 0,
      });
      if (!result.button.accept) return;
    }
    try {
      const message = await this.model.act(action);
      Notification.success(message, { autoClose: 8000 });
    } catch (error) {
      Notification.error(`${text.label} failed: ${(error as Error).message}`, { autoClose: false });
    }
  }

  private async _confirmRemove(key: SshKey, status: SshStatus): Promise<void> {
    const { title, body } = removeKeyConfirm(key, status);
    const result = await showDialog({
      title,
      body,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Remove key' })],
      // Enter must not remove a key: the safe answer has the focus.
      defaultButton: 0,
    });
    if (!result.button.accept) return;
    try {
      await this.model.removeKey(key);
      Notification.success(`Key ${keyLabel(key)} removed.`, { autoClose: 5000 });
    } catch (error) {
      Notification.error(`Could not remove the key: ${(error as Error).message}`, { autoClose: false });
    }
  }
}
