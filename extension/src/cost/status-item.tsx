import { VDomRenderer } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { ICostModel } from '../tokens';
import { breakdown, spokenSummary, summary, worstStanding } from './format';

/**
 * `$1.52/h · $38.10 so far` in the status bar, amber when an app nears its limit and red past it.
 * It renders nothing without a report; the status bar also hides it then (see `isActive`).
 */
export class CostStatusItem extends VDomRenderer<ICostModel> {
  constructor(
    model: ICostModel,
    private readonly _open: () => void,
  ) {
    super(model);
    this.addClass('jp-StudioTeams-CostStatus');
  }

  protected render(): React.ReactElement | null {
    const report = this.model.status;
    if (report === null) return null;
    const standing = worstStanding(report.apps, this.model.warnings);
    return (
      <button
        type="button"
        className="jp-StudioTeams-CostStatus-button"
        data-standing={standing}
        title={breakdown(report, this.model.warnings)}
        aria-label={spokenSummary(report, standing)}
        onClick={this._open}
      >
        {summary(report)}
      </button>
    );
  }
}
