import { VDomModel } from '@jupyterlab/ui-components';
import type { GitAuthSaveRequest, GitAuthSaveResponse, GitAuthStatus } from '@studio-teams/schema';
import { requestAPI, SidecarError } from '../api';
import { problemOf } from '../panel/polled-model';

/** What the last save said, shown under the form until the next one. */
export type SaveOutcome = { ok: true; verified: boolean; message: string } | { ok: false; message: string };

/**
 * `GET /api/git-auth` when the section starts and on refresh (the secret changes only when someone
 * saves, so there is nothing to poll for); a save answers with the new state.
 */
export class GitAuthModel extends VDomModel {
  constructor(request: typeof requestAPI = requestAPI) {
    super();
    this._request = request;
  }

  get status(): GitAuthStatus | null {
    return this._status;
  }

  get problem(): string | null {
    return this._problem;
  }

  get saving(): boolean {
    return this._saving;
  }

  get outcome(): SaveOutcome | null {
    return this._outcome;
  }

  start(): void {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this._status = await this._request<GitAuthStatus>('git-auth');
      this._problem = null;
    } catch (error) {
      this._problem = problemOf(error, 'GitLab auth appears once it answers');
    }
    this.stateChanged.emit();
  }

  /** Checks and stores the PAT; the outcome (either way) is kept for the section to show. */
  async save(body: GitAuthSaveRequest): Promise<SaveOutcome> {
    this._saving = true;
    this._outcome = null;
    this.stateChanged.emit();
    try {
      const answer = await this._request<GitAuthSaveResponse>('git-auth', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      this._status = answer.status;
      this._outcome = { ok: true, verified: answer.verified, message: answer.message };
    } catch (error) {
      this._outcome = { ok: false, message: error instanceof SidecarError ? error.message : String(error) };
    } finally {
      this._saving = false;
      this.stateChanged.emit();
    }
    return this._outcome;
  }

  private readonly _request: typeof requestAPI;
  private _status: GitAuthStatus | null = null;
  private _problem: string | null = null;
  private _saving = false;
  private _outcome: SaveOutcome | null = null;
}
