import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';
import type { AppCost, CostReport } from '@studio-teams/schema';
import { PanelSection } from '../panel/section';
import type { ICostModel } from '../tokens';
import { appCost, appDetails, appLabel, duration, money, summary, warning } from './format';

/** The panel's Cost section: the user's running apps, what they cost, and a way to stop each. */
export class CostSection extends PanelSection<CostReport, ICostModel> {
  constructor(model: ICostModel) {
    super(model, {
      id: 'studio-teams-cost',
      label: 'Cost',
      caption: 'What your Studio apps cost',
      refreshTooltip: 'Refresh cost',
    });
  }

  protected renderStatus(report: CostReport): React.ReactElement {
    const { unpricedApps } = report.totals;
    return (
      <div className="jp-StudioTeams-Cost">
        <p className="jp-StudioTeams-Cost-total" role="status">
          <span>{summary(report)}</span>
          <span className="jp-StudioTeams-note">
            {report.userProfileName} · {report.region}
          </span>
        </p>
        {report.apps.length === 0 ? (
          <p className="jp-StudioTeams-note">No running apps.</p>
        ) : (
          <ul className="jp-StudioTeams-Cost-apps" aria-label="Running apps">
            {report.apps.map((app) => this._renderApp(app))}
          </ul>
        )}
        {unpricedApps > 0 && (
          <p className="jp-StudioTeams-note">
            {unpricedApps} app{unpricedApps === 1 ? ' has' : 's have'} no known price and{' '}
            {unpricedApps === 1 ? 'is' : 'are'} not in the total.
          </p>
        )}
      </div>
    );
  }

  private _renderApp(app: AppCost): React.ReactElement {
    const label = appLabel(app);
    const note = warning(app, this.model.warnings);
    const standing = note === null ? 'ok' : app.standing;
    const starting = app.status === 'Pending';
    const stopping = this.model.isStopping(app);
    const current = this.model.isCurrent(app);
    return (
      <li
        key={`${app.owner.kind}/${app.owner.name}/${app.appType}/${app.appName}`}
        className="jp-StudioTeams-Cost-app"
        data-standing={standing}
        aria-label={label}
      >
        <div className="jp-StudioTeams-Cost-app-name" title={app.appName}>
          {app.appType}
        </div>
        <div className="jp-StudioTeams-Cost-app-details">{appDetails(app)}</div>
        {current && <div className="jp-StudioTeams-Cost-app-current">this JupyterLab</div>}
        <div className="jp-StudioTeams-Cost-app-figures">
          <span>{starting ? 'starting' : `up ${duration(app.uptimeSeconds)}`}</span>
          <span>{appCost(app)}</span>
        </div>
        {note !== null && (
          <div className="jp-StudioTeams-Cost-app-warning" role="note">
            {standing === 'over-limit' ? 'Past limit: ' : 'Near limit: '}
            running {duration(app.uptimeSeconds)}, {note}
          </div>
        )}
        <button
          type="button"
          className="jp-StudioTeams-Cost-stop"
          aria-label={`Stop ${label}`}
          title={starting ? 'It can be stopped once it has started' : `Stop ${label}`}
          disabled={starting || stopping}
          onClick={() => void this._confirmStop(app)}
        >
          {stopping ? 'Stopping…' : 'Stop'}
        </button>
      </li>
    );
  }

  private async _confirmStop(app: AppCost): Promise<void> {
    const label = appLabel(app);
    const spent = app.costSoFar === null ? '' : ` and cost ${money(app.costSoFar)} so far`;
    const self = this.model.isCurrent(app)
      ? ' This is the app this JupyterLab runs in: the page stops working until you start it again.'
      : '';
    const result = await showDialog({
      title: `Stop ${label}?`,
      body:
        `It has run ${duration(app.uptimeSeconds)}${spent}. Stopping deletes the app and its instance; ` +
        `the files in your home folder stay, but unsaved work in its kernels is lost.${self}`,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Stop app' })],
      // Enter must not stop an app: the safe answer has the focus.
      defaultButton: 0,
    });
    if (!result.button.accept) return;
    try {
      await this.model.stop(app);
      Notification.success(`${label} is stopping.`, { autoClose: 5000 });
    } catch (error) {
      Notification.error(`Could not stop ${label}: ${(error as Error).message}`, { autoClose: false });
    }
  }
}
