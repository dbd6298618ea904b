import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import { requestAPI, SidecarError } from '../api';

export interface PolledModelOptions {
  /** The sidecar route polled for the section's state, e.g. `ssh`. */
  readonly path: string;
  /** The feature's one name, for the poll's name. */
  readonly feature: string;
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
  /** Shown while the sidecar does not answer, e.g. "SSH appears once it answers". */
  readonly whileUnreachable: string;
}

/**
 * What every polled panel section shares: `GET /api/<path>` while the tab is visible (backing off
 * while it fails), the last state or the problem, and the one action in flight, which every button
 * of the section waits for. An action that answers with the new state sets it at once.
 */
export abstract class PolledSectionModel<Status> extends VDomModel {
  constructor(options: PolledModelOptions, request: typeof requestAPI = requestAPI) {
    super();
    this.request = request;
    this._poll = new Poll<Status, unknown>({
      factory: () => this.request<Status>(options.path),
      frequency: { interval: options.intervalMs, backoff: true, max: options.maxIntervalMs },
      standby: 'when-hidden',
      name: `@studio-teams/extension:${options.feature}#poll`,
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this.setStatus(payload as Status);
      else if (phase === 'rejected') this.setProblem(problemOf(payload, options.whileUnreachable));
    });
  }

  get status(): Status | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  /** The action in flight, if any. */
  get busy(): string | null {
    return this._busy;
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

  protected setStatus(status: Status): void {
    this._status = status;
    this._problem = null;
    this.stateChanged.emit();
  }

  protected async whileBusy<T>(what: string, work: () => Promise<T>): Promise<T> {
    this._busy = what;
    this.stateChanged.emit();
    try {
      return await work();
    } finally {
      this._busy = null;
      this.stateChanged.emit();
    }
  }

  protected readonly request: typeof requestAPI;

  private setProblem(problem: string): void {
    this._status = null;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _poll: Poll<Status, unknown>;
  private _status: Status | null = null;
  private _problem: string | null = null;
  private _busy: string | null = null;
}

/** The sidecar's own reason when it refused; otherwise it is not reachable, and the section says so. */
export function problemOf(reason: unknown, whileUnreachable: string): string {
  return reason instanceof SidecarError && reason.failure === 'refused'
    ? reason.message
    : `The Studio for Teams sidecar is not reachable; ${whileUnreachable}.`;
}
