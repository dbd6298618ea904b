import { VDomModel } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import type {
  InstallJob,
  KernelEnvironment,
  KernelsChangeResponse,
  KernelsStatus,
  KernelSpecSummary,
} from '@studio-teams/schema';
import { requestAPI, SidecarError } from '../api';
import { jobPath, specPath } from './format';

/** Environments appear and go without telling anyone: look again now and then while visible. */
const INTERVAL_MS = 2 * 60_000;
const JOB_POLL_MS = 1_000;

/**
 * The Kernels section's state: the environments and kernels the sidecar found, and the one change
 * in flight. After every change JupyterLab's kernelspec manager is refreshed (`onKernelsChanged`),
 * so the launcher and the kernel picker show it without a reload.
 */
export class KernelsModel extends VDomModel {
  constructor(
    private readonly onKernelsChanged: () => Promise<void>,
    request: typeof requestAPI = requestAPI,
  ) {
    super();
    this._request = request;
    this._poll = new Poll<KernelsStatus, unknown>({
      factory: () => this._request<KernelsStatus>('kernels'),
      frequency: { interval: INTERVAL_MS, backoff: true, max: 10 * 60_000 },
      standby: 'when-hidden',
      name: '@studio-teams/extension:kernels#poll',
      auto: false,
    });
    this._poll.ticked.connect((poll) => {
      const { phase, payload } = poll.state;
      if (phase === 'resolved' || phase === 'reconnected') this._set(payload as KernelsStatus, null);
      else if (phase === 'rejected') this._set(null, problemOf(payload));
    });
  }

  get status(): KernelsStatus | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  /** What is in flight (every button waits for it), e.g. `register /home/…/.venv`. */
  get busy(): string | null {
    return this._busy;
  }

  /** The last install job of an environment, running or finished. */
  installOf(env: KernelEnvironment): InstallJob | undefined {
    return this._installs.get(env.path);
  }

  /** Our kernels whose interpreter is gone. */
  get staleKernels(): KernelSpecSummary[] {
    return this._status?.kernels.filter((k) => k.managed && !k.pythonExists) ?? [];
  }

  start(): void {
    void this._poll.start();
  }

  async refresh(): Promise<void> {
    await this._poll.refresh();
    await this._poll.tick;
  }

  register(env: KernelEnvironment): Promise<string> {
    return this._change(`register ${env.path}`, specsPath(), {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        environment: env.path,
        name: env.suggestedName,
        displayName: env.suggestedDisplayName,
      }),
    });
  }

  rename(kernel: string, displayName: string): Promise<string> {
    return this._change(`rename ${kernel}`, specPath(kernel), {
      method: 'PATCH',
      headers: JSON_HEADERS,
      body: JSON.stringify({ displayName }),
    });
  }

  unregister(kernel: string): Promise<string> {
    return this._change(`unregister ${kernel}`, specPath(kernel), { method: 'DELETE' });
  }

  removeStale(): Promise<string> {
    return this._change('remove-stale', 'kernels/remove-stale', { method: 'POST' });
  }

  /** Installs ipykernel, following pip's output; resolves with the finished job (failed or not). */
  async install(env: KernelEnvironment): Promise<InstallJob> {
    return this._while(`install ${env.path}`, async () => {
      let job = await this._request<InstallJob>('kernels/ipykernel', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ environment: env.path }),
      });
      for (;;) {
        this._installs.set(env.path, job);
        this.stateChanged.emit();
        if (job.state !== 'running') break;
        await new Promise((r) => setTimeout(r, JOB_POLL_MS));
        job = await this._request<InstallJob>(jobPath(job.id));
      }
      await this.refresh();
      return job;
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._poll.dispose();
    super.dispose();
  }

  private async _change(what: string, path: string, init: RequestInit): Promise<string> {
    return this._while(what, async () => {
      const answer = await this._request<KernelsChangeResponse>(path, init);
      this._set(answer.status, null);
      // The launcher reads JupyterLab's copy of the kernelspecs: refresh it, no page reload needed.
      await this.onKernelsChanged();
      return answer.message;
    });
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

  private _set(status: KernelsStatus | null, problem: string | null): void {
    this._status = status;
    this._problem = problem;
    this.stateChanged.emit();
  }

  private readonly _request: typeof requestAPI;
  private readonly _poll: Poll<KernelsStatus, unknown>;
  private readonly _installs = new Map<string, InstallJob>();
  private _status: KernelsStatus | null = null;
  private _problem: string | null = null;
  private _busy: string | null = null;
}

const specsPath = (): string => 'kernels/specs';

/** fetch labels a string body text/plain; the sidecar parses JSON only when told it is JSON. */
const JSON_HEADERS = { 'Content-Type': 'application/json' };

function problemOf(reason: unknown): string {
  return reason instanceof SidecarError && reason.failure === 'refused'
    ? reason.message
    : 'The Studio for Teams sidecar is not reachable; kernels appear once it answers.';
}
