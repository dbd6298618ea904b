import type { VDomModel } from '@jupyterlab/ui-components';
import type { AppCost, CostReport, StopAppResponse } from '@studio-teams/schema';
import { Token } from '@lumino/coreutils';
import type { Widget } from '@lumino/widgets';

/** Which long-running warnings the user wants to see (settings of the cost plugin). */
export interface WarningSettings {
  nearLimit: boolean;
  overLimit: boolean;
}

/** The one cost poll of the page, shared by the status item and the panel's Cost section. */
export interface ICostModel extends VDomModel {
  /** The last report, or null before the first answer and while the sidecar is unavailable. */
  readonly status: CostReport | null;
  /** Whether the last request reached the sidecar and got a report. */
  readonly available: boolean;
  /** Why the cost is unavailable, in words for the panel; null while available. */
  readonly problem: string | null;
  readonly warnings: WarningSettings;
  /** Whether a stop of this app is in flight (its Stop button is disabled meanwhile). */
  isStopping(app: AppCost): boolean;
  /** Whether this is the app this JupyterLab runs in: stopping it ends the page's own session. */
  isCurrent(app: AppCost): boolean;
  /** Asks now instead of at the next tick; resolves once the answer is in. Never rejects. */
  refresh(): Promise<void>;
  /** Stops one app through the sidecar, then refreshes. Rejects with the sidecar's reason. */
  stop(app: AppCost): Promise<StopAppResponse>;
}

export const ICostModel = new Token<ICostModel>(
  '@studio-teams/extension:ICostModel',
  'The cost of the user’s Studio apps, polled from the sidecar.',
);

export interface SectionOptions {
  /** Lower ranks sit higher in the panel. Cost is 100; later features pick their own. */
  rank: number;
}

/** The "Studio for Teams" side panel: each feature (cost, ssh, docker, …) adds its own section. */
export interface IStudioPanel {
  /** The id of the panel widget, for `shell.activateById`. */
  readonly id: string;
  addSection(section: Widget, options: SectionOptions): void;
}

export const IStudioPanel = new Token<IStudioPanel>(
  '@studio-teams/extension:IStudioPanel',
  'The Studio for Teams side panel, which feature sections plug into.',
);

/** Command ids, one place for the palette, the status item and the tests. */
export const CommandIDs = {
  openPanel: 'studio-teams:open-panel',
  refreshCost: 'studio-teams:refresh-cost',
} as const;
