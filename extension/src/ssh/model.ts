import type { SshAction, SshActionResponse, SshKey, SshKeyRemoved, SshStatus } from '@studio-teams/schema';
import { requestAPI } from '../api';
import { PolledSectionModel } from '../panel/polled-model';
import { ACTION_PATHS, removeKeyPath } from './format';

/**
 * Polls `GET /api/ssh` while the panel is open and the tab visible; an action answers with the new
 * state, so the section updates without waiting for the next tick.
 */
export class SshModel extends PolledSectionModel<SshStatus> {
  constructor(request: typeof requestAPI = requestAPI) {
    super(
      {
        path: 'ssh',
        feature: 'ssh',
        intervalMs: 30_000,
        maxIntervalMs: 5 * 60_000,
        whileUnreachable: 'SSH appears once it answers',
      },
      request,
    );
  }

  /** Runs one action; resolves with the sidecar's message, rejects with its reason. */
  async act(action: SshAction): Promise<string> {
    return this.whileBusy(action, async () => {
      const answer = await this.request<SshActionResponse>(ACTION_PATHS[action], { method: 'POST' });
      this.setStatus(answer.status);
      return answer.message;
    });
  }

  async removeKey(key: SshKey): Promise<void> {
    await this.whileBusy(`remove ${key.fingerprint}`, async () => {
      const answer = await this.request<SshKeyRemoved>(removeKeyPath(key), { method: 'DELETE' });
      if (this.status) this.setStatus({ ...this.status, keys: answer.keys });
    });
  }
}
