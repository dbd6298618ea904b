import * as React from 'react';
import type { LifecycleStatus } from '@studio-teams/schema';
import { headline, onStartText, STEP_LABELS } from './format';
import { PanelSection } from '../panel/section';
import type { LifecycleModel } from './model';

/**
 * The panel's "Last start" section: one line on how the lifecycle script did at this app's start,
 * each failed step with its reason, every step on demand, and the end of `~/.on_start`'s output.
 */
export class LifecycleSection extends PanelSection<LifecycleStatus, LifecycleModel> {
  constructor(model: LifecycleModel) {
    super(model, {
      id: 'studio-teams-lifecycle',
      label: 'Last start',
      caption: 'What the lifecycle configuration did when this app started',
      refreshTooltip: 'Refresh the last start',
    });
  }

  protected renderStatus(status: LifecycleStatus): React.ReactElement {
    const line = headline(status);
    return (
      <div className="jp-StudioTeams-Lifecycle">
        <p role="status" className="jp-StudioTeams-Lifecycle-line" data-tone={line.tone}>
          {line.text}
        </p>
        {status.failed.length > 0 && (
          <ul className="jp-StudioTeams-Lifecycle-failed" aria-label="Failed steps">
            {status.failed.map((step) => (
              <li key={step.name}>
                <strong>{step.name}</strong>: {step.message}
              </li>
            ))}
          </ul>
        )}
        {status.summary && this._renderSteps(status.summary)}
        {status.onStart && (
          <details className="jp-StudioTeams-Lifecycle-onstart">
            <summary>{onStartText(status.onStart.result)}</summary>
            <pre aria-label="~/.on_start output">{status.onStart.logTail.join('\n') || '(no output)'}</pre>
          </details>
        )}
      </div>
    );
  }

  private _renderSteps(summary: NonNullable<LifecycleStatus['summary']>): React.ReactElement {
    return (
      <details className="jp-StudioTeams-Lifecycle-steps">
        <summary>
          All steps ({summary.script}
          {summary.version ? `, version ${summary.version}` : ''})
        </summary>
        <ul aria-label="Lifecycle steps">
          {summary.steps.map((step) => (
            <li key={step.name} data-status={step.status} title={step.message}>
              {step.name}: {STEP_LABELS[step.status]} — {step.message}
            </li>
          ))}
        </ul>
      </details>
    );
  }
}
