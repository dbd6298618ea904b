import type { DockerSetupResponse, DockerStatus, DockerTestResult } from '@studio-teams/schema';
import { requestAPI } from '../api';
import { PolledSectionModel } from '../panel/polled-model';

/**
 * Polls `GET /api/docker` while the panel is open and the tab visible; setup answers with the new
 * state, and the last test result stays shown until the next test. `busy` is `setup` or `test`.
 */
export class DockerModel extends PolledSectionModel<DockerStatus> {
  constructor(request: typeof requestAPI = requestAPI) {
    super(
      {
        path: 'docker',
        feature: 'docker',
        intervalMs: 60_000,
        maxIntervalMs: 10 * 60_000,
        whileUnreachable: 'Docker appears once it answers',
      },
      request,
    );
  }

  get lastTest(): DockerTestResult | null {
    return this._lastTest;
  }

  /** Sets up the bastion; resolves with the sidecar's message, rejects with its reason. */
  async setUpBastion(): Promise<string> {
    return this.whileBusy('setup', async () => {
      const answer = await this.request<DockerSetupResponse>('docker/bastion', { method: 'POST' });
      this._lastTest = null;
      this.setStatus(answer.status);
      return answer.message;
    });
  }

  /** Runs the test; a failing docker is a result (shown), only a refused request rejects. */
  async test(): Promise<DockerTestResult> {
    return this.whileBusy('test', async () => {
      const result = await this.request<DockerTestResult>('docker/test', { method: 'POST' });
      this._lastTest = result;
      return result;
    });
  }

  private _lastTest: DockerTestResult | null = null;
}
