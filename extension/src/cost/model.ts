import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import { requestAPI, SidecarError } from '../api';
import type { AppCost, CostReport, IdentityResponse, StopAppResponse } from '@studio-teams/schema';
import type { ICostModel, WarningSettings } from '../tokens';

/** After failures the poll backs off up to this, so a missing sidecar costs one request per 5 minutes. */
export const MAX_POLL_INTERVAL_MS = 5 * 60_000;

export interface CostModelOptions {
  intervalMs: number;
  warnings: WarningSettings;
  /** The request function; injected by unit tests. @default requestAPI */
  request?: typeof requestAPI;
}

/** Owner, type and name: what tells two apps apart, the key of an in-flight stop. */
const keyOf = (app: AppCost): string => `${app.owner.kind}/${app.owner.name}/${app.appType}/${app.appName}`;

/**
 * Polls `GET /api/cost`. A failure never throws at the user: it marks the cost unavailable (the
 * status item hides, the panel says why) and the poll backs off until the sidecar answers again.
 */
export class CostModel extends VDomModel implements ICostModel {
  constructor(options: CostModelOptions) {
    super();
    this._request = options.request ?? requestAPI;
    this._warnings = options.warnings;
    this._poll = new Poll<CostReport, unknown>({
      factory: () => this._request<CostReport>('cost'),
      frequency: { interval: options.intervalMs, backoff: true, max: MAX_POLL_INTERVAL_MS },
      // A hidden tab asks nothing: a hundred forgotten tabs must not keep a sidecar busy.
      standby: 'when-hidden',
      name: '@studio-teams/extension:cost#poll',
      // Started by the plugin once JupyterLab is restored: the page's own start-up comes first.
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this._resolved(payload as CostReport);
      else if (phase === 'rejected') this._rejected(payload);
    });
  }

  get status(): CostReport | null {
    return this._report;
  }

  get available(): boolean {
    return this._report !== null;
  }

  get problem(): string | null {
    return this._problem;
  }

  get warnings(): WarningSettings {
    return this._warnings;
  }

  isStopping(app: AppCost): boolean {
    return this._stopping.has(keyOf(app));
  }

  isCurrent(app: AppCost): boolean {
    const me = this._identity;
    if (me === null || app.appType !== me.appType || app.appName !== me.resourceName) return false;
    return app.owner.kind === 'space' ? app.owner.name === me.spaceName : me.spaceName === null;
  }

  /** Applies changed settings without restarting the page. */
  configure(options: { intervalMs: number; warnings: WarningSettings }): void {
    this._poll.frequency = { ...this._poll.frequency, interval: options.intervalMs };
    this._warnings = options.warnings;
    this.stateChanged.emit();
  }

  /** Begins polling (the first request at once). */
  start(): void {
    void this._poll.start();
  }

  async refresh(): Promise<void> {
    await this._poll.refresh();
    await this._poll.tick;
  }

  async stop(app: AppCost): Promise<StopAppResponse> {
    const key = keyOf(app);
    this._stopping.add(key);
    this.stateChanged.emit();
    try {
      const path = `apps/${encodeURIComponent(app.appType)}/${encodeURIComponent(app.appName)}`;
      const query = app.owner.kind === 'space' ? `?space=${encodeURIComponent(app.owner.name)}` : '';
      return await this._request<StopAppResponse>(path + query, { method: 'DELETE' });
    } finally {
      this._stopping.delete(key);
      await this.refresh();
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._poll.dispose();
    super.dispose();
  }

  private _resolved(report: CostReport): void {
    this._report = report;
    this._problem = null;
    this.stateChanged.emit();
    if (this._identity === null && !this._askedIdentity) void this._askIdentity();
  }

  /** Once: which app the page runs in never changes while the page lives. */
  private async _askIdentity(): Promise<void> {
    this._askedIdentity = true;
    try {
      this._identity = await this._request<IdentityResponse>('identity');
      this.stateChanged.emit();
    } catch {
      // Only a marker in the panel depends on it; ask again after the next failure-free tick.
      this._askedIdentity = false;
    }
  }

  private _rejected(reason: unknown): void {
    const problem =
      reason instanceof SidecarError && reason.failure === 'refused'
        ? reason.message
        : 'The Studio for Teams sidecar is not reachable; the cost appears once it answers.';
    if (this._report === null && this._problem === problem) return;
    this._report = null;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _request: typeof requestAPI;
  private readonly _poll: Poll<CostReport, unknown>;
  private readonly _stopping = new Set<string>();
  private _warnings: WarningSettings;
  private _report: CostReport | null = null;
  private _problem: string | null = null;
  private _identity: IdentityResponse | null = null;
  private _askedIdentity = false;
}
