import type {
  InstallJob,
  KernelEnvironment,
  KernelsChangeResponse,
  KernelsStatus,
  KernelSpecSummary,
} from '@studio-teams/schema';
import { requestAPI } from '../api';
import { PolledSectionModel } from '../panel/polled-model';
import { jobPath, specPath } from './format';

const JOB_POLL_MS = 1_000;

/**
 * The Kernels section's state: the environments and kernels the sidecar found, and the one change
 * in flight. After every change JupyterLab's kernelspec manager is refreshed (`onKernelsChanged`),
 * so the launcher and the kernel picker show it without a reload.
 */
export class KernelsModel extends PolledSectionModel<KernelsStatus> {
  constructor(
    private readonly onKernelsChanged: () => Promise<void>,
    request: typeof requestAPI = requestAPI,
  ) {
    super(
      {
        path: 'kernels',
        feature: 'kernels',
        // Environments appear and go without telling anyone: look again now and then while visible.
        intervalMs: 2 * 60_000,
        maxIntervalMs: 10 * 60_000,
        whileUnreachable: 'kernels appear once it answers',
      },
      request,
    );
  }

  /** The last install job of an environment, running or finished. */
  installOf(env: KernelEnvironment): InstallJob | undefined {
    return this._installs.get(env.path);
  }

  /** Our kernels whose interpreter is gone. */
  get staleKernels(): KernelSpecSummary[] {
    return this.status?.kernels.filter((k) => k.managed && !k.pythonExists) ?? [];
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
    return this.whileBusy(`install ${env.path}`, async () => {
      let job = await this.request<InstallJob>('kernels/ipykernel', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ environment: env.path }),
      });
      for (;;) {
        this._installs.set(env.path, job);
        this.stateChanged.emit();
        if (job.state !== 'running') break;
        await new Promise((r) => setTimeout(r, JOB_POLL_MS));
        job = await this.request<InstallJob>(jobPath(job.id));
      }
      await this.refresh();
      return job;
    });
  }

  private async _change(what: string, path: string, init: RequestInit): Promise<string> {
    return this.whileBusy(what, async () => {
      const answer = await this.request<KernelsChangeResponse>(path, init);
      this.setStatus(answer.status);
      // The launcher reads JupyterLab's copy of the kernelspecs: refresh it, no page reload needed.
      await this.onKernelsChanged();
      return answer.message;
    });
  }

  private readonly _installs = new Map<string, InstallJob>();
}

const specsPath = (): string => 'kernels/specs';

/** fetch labels a string body text/plain; the sidecar parses JSON only when told it is JSON. */
const JSON_HEADERS = { 'Content-Type': 'application/json' };
