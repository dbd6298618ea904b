import type { LifecycleStatus } from '@studio-teams/schema';
import { requestAPI } from '../api';
import { PolledSectionModel } from '../panel/polled-model';

/** Polls `GET /api/lifecycle` while the tab is visible. */
export class LifecycleModel extends PolledSectionModel<LifecycleStatus> {
  constructor(request: typeof requestAPI = requestAPI) {
    super(
      {
        path: 'lifecycle',
        feature: 'lifecycle',
        // A start changes rarely; ~/.on_start ends some minutes after it. A slow poll is enough.
        intervalMs: 60_000,
        maxIntervalMs: 10 * 60_000,
        whileUnreachable: 'the last start shows once it answers',
      },
      request,
    );
  }
}
