import { Dialog, InputDialog, Notification, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';
import type { KernelEnvironment, KernelsStatus } from '@studio-teams/schema';
import { environmentDetails, STATUS_HINTS, STATUS_LABELS } from './format';
import { PanelSection } from '../panel/section';
import type { KernelsModel } from './model';

/**
 * The panel's Kernels section: every Python environment under the home with a badge saying whether
 * notebooks can use it, and the one action that moves it on (register, install ipykernel); rename
 * and unregister for the kernels registered here; stale kernels removed in one go.
 */
export class KernelsSection extends PanelSection<KernelsStatus, KernelsModel> {
  constructor(model: KernelsModel) {
    super(model, {
      id: 'studio-teams-kernels',
      label: 'Kernels',
      caption: 'Jupyter kernels for your Python environments (pipenv, poetry, uv, venv, conda)',
      refreshTooltip: 'Look for environments again',
      loading: 'Looking for Python environments…',
    });
  }

  protected renderStatus(status: KernelsStatus): React.ReactElement {
    const stale = this.model.staleKernels;
    return (
      <div className="jp-StudioTeams-Kernels">
        {status.environments.length === 0 ? (
          <p className="jp-StudioTeams-note">
            No Python environments under your home yet. Create one (<code>uv venv</code>,{' '}
            <code>pipenv install</code>, <code>python -m venv .venv</code>) and refresh.
          </p>
        ) : (
          <ul className="jp-StudioTeams-Cost-apps" aria-label="Python environments">
            {status.environments.map((env) => this._renderEnvironment(env, status))}
          </ul>
        )}
        {stale.length > 0 && (
          <div className="jp-StudioTeams-Kernels-stale" role="group" aria-label="Stale kernels">
            <p className="jp-StudioTeams-note">
              {stale.length === 1 ? 'A kernel runs' : `${stale.length} kernels run`} a python that is gone:{' '}
              {stale.map((k) => k.displayName).join(', ')}.
            </p>
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-warn"
              disabled={this.model.busy !== null}
              onClick={() => void this._removeStale()}
            >
              {this.model.busy === 'remove-stale' ? 'Removing…' : 'Remove stale kernels'}
            </button>
          </div>
        )}
        <p className="jp-StudioTeams-note jp-StudioTeams-Kernels-footer" title={status.kernelsDir}>
          {status.scan.folders} folders searched in {status.scan.ms} ms
          {status.scan.truncated ? ' (stopped early: some folders were not searched)' : ''}.
        </p>
      </div>
    );
  }

  private _renderEnvironment(env: KernelEnvironment, status: KernelsStatus): React.ReactElement {
    const busy = this.model.busy !== null;
    const kernels = status.kernels.filter((k) => env.kernels.includes(k.name));
    const job = this.model.installOf(env);
    const installing = job?.state === 'running';
    return (
      <li key={env.path} className="jp-StudioTeams-Cost-app jp-StudioTeams-Kernels-env" aria-label={env.name}>
        <div className="jp-StudioTeams-Cost-app-name" title={env.path}>
          {env.name}{' '}
          <span
            className="jp-StudioTeams-Kernels-badge"
            data-status={env.status}
            title={STATUS_HINTS[env.status]}
          >
            {STATUS_LABELS[env.status]}
          </span>
        </div>
        <div className="jp-StudioTeams-Cost-app-details">{environmentDetails(env)}</div>
        <div className="jp-StudioTeams-Cost-app-details jp-StudioTeams-Kernels-path">{env.path}</div>
        {kernels.map((k) => (
          <div key={k.name} className="jp-StudioTeams-Cost-app-details">
            Kernel “{k.displayName}” ({k.name})
          </div>
        ))}
        {env.status === 'broken' && (
          <div className="jp-StudioTeams-Cost-app-warning">{STATUS_HINTS.broken}</div>
        )}
        {job && job.state !== 'succeeded' && (
          <div
            className="jp-StudioTeams-Kernels-job"
            role="status"
            aria-label={`ipykernel install for ${env.name}`}
          >
            {job.state === 'running' ? (
              <span>{job.output[job.output.length - 1] ?? job.message}</span>
            ) : (
              <>
                <span className="jp-StudioTeams-Cost-app-warning">{job.message}</span>
                <pre className="jp-StudioTeams-Kernels-output">{job.output.slice(-15).join('\n')}</pre>
              </>
            )}
          </div>
        )}
        <div className="jp-StudioTeams-Kernels-actions">
          {env.status === 'ready' && (
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-accept"
              aria-label={`Register a kernel for ${env.name}`}
              title={`Register “${env.suggestedDisplayName}”`}
              disabled={busy}
              onClick={() => void this._register(env)}
            >
              {this.model.busy === `register ${env.path}` ? 'Registering…' : 'Register'}
            </button>
          )}
          {env.status === 'needs-ipykernel' && (
            <button
              type="button"
              className="jp-Button jp-mod-styled"
              aria-label={`Install ipykernel into ${env.name}`}
              disabled={busy}
              onClick={() => void this._install(env)}
            >
              {installing ? 'Installing…' : 'Install ipykernel'}
            </button>
          )}
          {kernels
            .filter((k) => k.managed)
            .map((k) => (
              <React.Fragment key={k.name}>
                <button
                  type="button"
                  className="jp-StudioTeams-Cost-stop jp-StudioTeams-Kernels-action"
                  aria-label={`Rename kernel ${k.displayName}`}
                  disabled={busy}
                  onClick={() => void this._rename(k.name, k.displayName)}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="jp-StudioTeams-Cost-stop jp-StudioTeams-Kernels-action"
                  aria-label={`Unregister kernel ${k.displayName}`}
                  disabled={busy}
                  onClick={() => void this._unregister(k.name, k.displayName)}
                >
                  {this.model.busy === `unregister ${k.name}` ? 'Unregistering…' : 'Unregister'}
                </button>
              </React.Fragment>
            ))}
        </div>
      </li>
    );
  }

  private async _register(env: KernelEnvironment): Promise<void> {
    await this._report(() => this.model.register(env), 'Register');
  }

  private async _rename(name: string, current: string): Promise<void> {
    const result = await InputDialog.getText({
      title: 'Rename kernel',
      label: 'The name the launcher and the kernel picker show:',
      text: current,
      okLabel: 'Rename',
    });
    const value = result.value?.trim();
    if (!result.button.accept || !value || value === current) return;
    await this._report(() => this.model.rename(name, value), 'Rename');
  }

  private async _unregister(name: string, displayName: string): Promise<void> {
    const result = await showDialog({
      title: `Unregister “${displayName}”?`,
      body:
        'Notebooks using it will ask for another kernel. The environment itself stays, and app start ' +
        'will not register it again until you do.',
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Unregister' })],
      defaultButton: 0,
    });
    if (!result.button.accept) return;
    await this._report(() => this.model.unregister(name), 'Unregister');
  }

  private async _removeStale(): Promise<void> {
    await this._report(() => this.model.removeStale(), 'Removing stale kernels');
  }

  private async _install(env: KernelEnvironment): Promise<void> {
    try {
      const job = await this.model.install(env);
      if (job.state === 'succeeded') Notification.success(job.message, { autoClose: 8000 });
      else Notification.error(`Installing ipykernel failed: ${job.message}`, { autoClose: false });
    } catch (error) {
      Notification.error(`Installing ipykernel failed: ${(error as Error).message}`, { autoClose: false });
    }
  }

  private async _report(action: () => Promise<string>, label: string): Promise<void> {
    try {
      Notification.success(await action(), { autoClose: 5000 });
    } catch (error) {
      Notification.error(`${label} failed: ${(error as Error).message}`, { autoClose: false });
      // The list may be out of date (an environment deleted meanwhile): show what is there now.
      void this.model.refresh();
    }
  }
}
