import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import type { DockerSetupResponse, DockerStatus, DockerTestResult } from '@studio-teams/schema';
import { requestAPI, SidecarError } from '../api';

const INTERVAL_MS = 60_000;
const MAX_INTERVAL_MS = 10 * 60_000;

/**
 * Polls `GET /api/docker` while the panel is open and the tab visible; setup answers with the new
 * state, and the last test result stays shown until the next test.
 */
export class DockerModel extends VDomModel {
  constructor(request: typeof requestAPI = requestAPI) {
    super();
    this._request = request;
    this._poll = new Poll<DockerStatus, unknown>({
      factory: () => this._request<DockerStatus>('docker'),
      frequency: { interval: INTERVAL_MS, backoff: true, max: MAX_INTERVAL_MS },
      standby: 'when-hidden',
      name: '@studio-teams/extension:docker#poll',
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this._set(payload as DockerStatus, null);
      else if (phase === 'rejected') this._set(null, problemOf(payload));
    });
  }

  get status(): DockerStatus | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  get busy(): 'setup' | 'test' | null {
    return this._busy;
  }

  get lastTest(): DockerTestResult | null {
    return this._lastTest;
  }

  start(): void {
    void this._poll.start();
  }

  async refresh(): Promise<void> {
    await this._poll.refresh();
    await this._poll.tick;
  }

  /** Sets up the bastion; resolves with the sidecar's message, rejects with its reason. */
  async setUpBastion(): Promise<string> {
    return this._while('setup', async () => {
      const answer = await this._request<DockerSetupResponse>('docker/bastion', { method: 'POST' });
      this._lastTest = null;
      this._set(answer.status, null);
      return answer.message;
    });
  }

  /** Runs the test; a failing docker is a result (shown), only a refused request rejects. */
  async test(): Promise<DockerTestResult> {
    return this._while('test', async () => {
      const result = await this._request<DockerTestResult>('docker/test', { method: 'POST' });
      this._lastTest = result;
      return result;
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._poll.dispose();
    super.dispose();
  }

  private async _while<T>(what: 'setup' | 'test', work: () => Promise<T>): Promise<T> {
    this._busy = what;
    this.stateChanged.emit();
    try {
      return await work();
    } finally {
      this._busy = null;
      this.stateChanged.emit();
    }
  }

  private _set(status: DockerStatus | null, problem: string | null): void {
    this._status = status;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _request: typeof requestAPI;
  private readonly _poll: Poll<DockerStatus, unknown>;
  private _status: DockerStatus | null = null;
  private _problem: string | null = null;
  private _busy: 'setup' | 'test' | null = null;
  private _lastTest: DockerTestResult | null = null;
}

function problemOf(reason: unknown): string {
  return reason instanceof SidecarError && reason.failure === 'refused'
    ? reason.message
    : 'The Studio for Teams sidecar is not reachable; Docker appears once it answers.';
}
