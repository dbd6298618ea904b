import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import type { SshAction, SshActionResponse, SshKey, SshKeyRemoved, SshStatus } from '@studio-teams/schema';
import { requestAPI, SidecarError } from '../api';
import { ACTION_PATHS, removeKeyPath } from './format';

const INTERVAL_MS = 30_000;
const MAX_INTERVAL_MS = 5 * 60_000;

/**
 * Polls `GET /api/ssh` while the panel is open and the tab visible; an action answers with the new
 * state, so the section updates without waiting for the next tick.
 */
export class SshModel extends VDomModel {
  constructor(request: typeof requestAPI = requestAPI) {
    super();
    this._request = request;
    this._poll = new Poll<SshStatus, unknown>({
      factory: () => this._request<SshStatus>('ssh'),
      frequency: { interval: INTERVAL_MS, backoff: true, max: MAX_INTERVAL_MS },
      standby: 'when-hidden',
      name: '@studio-teams/extension:ssh#poll',
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this._set(payload as SshStatus, null);
      else if (phase === 'rejected') this._set(null, problemOf(payload));
    });
  }

  get status(): SshStatus | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  /** The action or key removal in flight, if any: every button waits for it. */
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

  /** Runs one action; resolves with the sidecar's message, rejects with its reason. */
  async act(action: SshAction): Promise<string> {
    return this._while(action, async () => {
      const answer = await this._request<SshActionResponse>(ACTION_PATHS[action], { method: 'POST' });
      this._set(answer.status, null);
      return answer.message;
    });
  }

  async removeKey(key: SshKey): Promise<void> {
    await this._while(`remove ${key.fingerprint}`, async () => {
      const answer = await this._request<SshKeyRemoved>(removeKeyPath(key), { method: 'DELETE' });
      if (this._status) this._set({ ...this._status, keys: answer.keys }, null);
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._poll.dispose();
    super.dispose();
  }

  private async _while<T>(what: string, work: () => Promise<T>): Promise<T> {
    this._busy = what;
    this.stateChanged.emit();
    try {
      return await work();
    } finally {
      this._busy = null;
      this.stateChanged.emit();
    }
  }

  private _set(status: SshStatus | null, problem: string | null): void {
    this._status = status;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _request: typeof requestAPI;
  private readonly _poll: Poll<SshStatus, unknown>;
  private _status: SshStatus | null = null;
  private _problem: string | null = null;
  private _busy: string | null = null;
}

function problemOf(reason: unknown): string {
  return reason instanceof SidecarError && reason.failure === 'refused'
    ? reason.message
    : 'The Studio for Teams sidecar is not reachable; SSH appears once it answers.';
}
