import { refreshIcon, Toolbar, ToolbarButton, VDomRenderer } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { LifecycleStatus } from '@studio-teams/schema';
import { headline, onStartText, STEP_LABELS } from './format';
import type { LifecycleModel } from './model';

/**
 * The panel's "Last start" section: one line on how the lifecycle script did at this app's start,
 * each failed step with its reason, every step on demand, and the end of `~/.on_start`'s output.
 */
export class LifecycleSection extends VDomRenderer<LifecycleModel> {
  /** Shown in the section's accordion title by the side panel. */
  readonly toolbar = new Toolbar();

  constructor(model: LifecycleModel) {
    super(model);
    this.id = 'studio-teams-lifecycle';
    this.title.label = 'Last start';
    this.title.caption = 'What the lifecycle configuration did when this app started';
    this.addClass('jp-StudioTeams-Section');
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: 'Refresh the last start',
        onClick: () => void model.refresh(),
      }),
    );
  }

  protected render(): React.ReactElement {
    const { status, problem } = this.model;
    if (status === null) {
      return (
        <p className="jp-StudioTeams-note" role="status">
          {problem ?? 'Loading…'}
        </p>
      );
    }
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
