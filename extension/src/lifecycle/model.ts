import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import type { LifecycleStatus } from '@studio-teams/schema';
import { requestAPI, SidecarError } from '../api';

/** A start changes rarely; ~/.on_start ends some minutes after it. A slow poll is enough. */
const INTERVAL_MS = 60_000;
const MAX_INTERVAL_MS = 10 * 60_000;

/** Polls `GET /api/lifecycle` while the tab is visible. */
export class LifecycleModel extends VDomModel {
  constructor(request: typeof requestAPI = requestAPI) {
    super();
    this._poll = new Poll<LifecycleStatus, unknown>({
      factory: () => request<LifecycleStatus>('lifecycle'),
      frequency: { interval: INTERVAL_MS, backoff: true, max: MAX_INTERVAL_MS },
      standby: 'when-hidden',
      name: '@studio-teams/extension:lifecycle#poll',
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this._set(payload as LifecycleStatus, null);
      else if (phase === 'rejected') this._set(null, problemOf(payload));
    });
  }

  get status(): LifecycleStatus | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  start(): void {
    void this._poll.start();
  }

  async refresh(): Promise<void> {
    await this._poll.refresh();
    await this._poll.tick;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._poll.dispose();
    super.dispose();
  }

  private _set(status: LifecycleStatus | null, problem: string | null): void {
    this._status = status;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _poll: Poll<LifecycleStatus, unknown>;
  private _status: LifecycleStatus | null = null;
  private _problem: string | null = null;
}

function problemOf(reason: unknown): string {
  return reason instanceof SidecarError && reason.failure === 'refused'
    ? reason.message
    : 'The Studio for Teams sidecar is not reachable; the last start shows once it answers.';
}
