import { Notification } from '@jupyterlab/apputils';
import * as React from 'react';
import type { GitAuthStatus } from '@studio-teams/schema';
import { PanelSection } from '../panel/section';
import type { GitAuthModel } from './model';

/**
 * The panel's Git section: whether a GitLab PAT is stored, for which git user and when the provider
 * last accepted it, and a form to check and store a new one. The PAT is only ever typed here: the
 * field is cleared once saved and the sidecar never sends it back.
 */
export class GitAuthSection extends PanelSection<GitAuthStatus, GitAuthModel> {
  constructor(model: GitAuthModel) {
    super(model, {
      id: 'studio-teams-git-auth',
      label: 'Git',
      caption: 'GitLab auth: the PAT git uses over https in your Studio containers',
      refreshTooltip: 'Refresh GitLab auth state',
    });
  }

  protected renderStatus(status: GitAuthStatus): React.ReactElement {
    return (
      <div className="jp-StudioTeams-GitAuth" data-stored={String(status.stored)}>
        <p role="status" style={{ margin: '4px 0' }}>
          <strong>{storedLine(status)}</strong>
        </p>
        <p className="jp-StudioTeams-note" style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
          {status.provider ? `Provider: ${status.provider.host} · ` : ''}
          {status.message}
        </p>
        {status.provider ? this._renderForm(status) : null}
        {this._renderOutcome()}
      </div>
    );
  }

  private _renderForm(status: GitAuthStatus): React.ReactElement {
    const saving = this.model.saving;
    return (
      <form
        // A new stored user refills the username field; typing survives every other refresh.
        key={status.gitUserName ?? ''}
        className="jp-StudioTeams-GitAuth-form"
        aria-label="Save a GitLab PAT"
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void this._save(event.currentTarget);
        }}
      >
        <label>
          GitLab username
          <input
            className="jp-mod-styled"
            name="username"
            type="text"
            required
            defaultValue={status.gitUserName ?? ''}
            spellCheck={false}
            disabled={saving}
          />
        </label>
        <label>
          Personal access token
          <input
            className="jp-mod-styled"
            name="pat"
            type="password"
            required
            autoComplete="new-password"
            placeholder={status.stored ? 'a new PAT replaces the stored one' : 'glpat-…'}
            disabled={saving}
          />
        </label>
        <label className="jp-StudioTeams-GitAuth-check">
          <input name="saveUnverified" type="checkbox" disabled={saving} />
          Save even if the provider cannot be reached
        </label>
        <button type="submit" className="jp-Button jp-mod-styled jp-mod-accept" disabled={saving}>
          {saving ? 'Checking…' : 'Test and save'}
        </button>
      </form>
    );
  }

  private _renderOutcome(): React.ReactElement | null {
    const outcome = this.model.outcome;
    if (!outcome) return null;
    return (
      <p
        className="jp-StudioTeams-GitAuth-outcome"
        data-ok={String(outcome.ok)}
        role={outcome.ok ? 'status' : 'alert'}
        aria-label="Last save"
      >
        {outcome.ok ? '' : 'Not saved: '}
        {outcome.message}
      </p>
    );
  }

  private async _save(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const pat = String(data.get('pat') ?? '').trim();
    const outcome = await this.model.save({
      username,
      pat,
      saveUnverified: data.get('saveUnverified') === 'on',
    });
    if (outcome.ok) {
      // Nothing of the PAT stays in the page once it is stored.
      const field = form.elements.namedItem('pat');
      if (field instanceof HTMLInputElement) field.value = '';
      if (outcome.verified) Notification.success('GitLab PAT verified and saved.', { autoClose: 5000 });
      else Notification.warning(outcome.message, { autoClose: false });
    }
  }
}

function storedLine(status: GitAuthStatus): string {
  if (!status.provider && !status.stored) return 'No git provider configured';
  if (!status.stored) return 'No PAT stored';
  const who = status.gitUserName ? ` for ${status.gitUserName}` : '';
  return status.lastVerifiedAt
    ? `PAT stored${who} · verified ${formatTime(status.lastVerifiedAt)}`
    : `PAT stored${who} · not verified`;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
