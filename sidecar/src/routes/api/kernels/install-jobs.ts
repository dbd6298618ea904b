import { randomUUID } from 'node:crypto';
import { kernels } from '@studio-teams/core';
import type { InstallJob } from '@studio-teams/schema';

/** Lines a job keeps: enough for pip's reason, small enough for a poll every second. */
const KEPT_LINES = 60;
/** A finished job is kept this long for the page to read its outcome. */
const KEEP_FINISHED_MS = 10 * 60_000;

interface Job extends InstallJob {
  finishedAt: number | null;
}

/**
 * ipykernel installs in flight: pip takes from seconds to minutes, longer than a request should
 * stay open behind the proxy, so the page starts one and polls it. One install per environment at
 * a time: a second click joins the running one.
 */
export class InstallJobs {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  start(environment: string): InstallJob {
    this.prune();
    const running = [...this.jobs.values()].find(
      (j) => j.environment === environment && j.state === 'running',
    );
    if (running) return view(running);
    const job: Job = {
      id: randomUUID(),
      environment,
      state: 'running',
      output: [],
      message: `Installing ipykernel into ${environment}…`,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    const keep = (line: string): void => {
      job.output.push(line);
      if (job.output.length > KEPT_LINES) job.output.shift();
    };
    kernels
      .installIpykernel(environment, { env: this.env, onLine: keep })
      .then(() => {
        job.state = 'succeeded';
        job.message = `ipykernel is installed in ${environment}: it can be registered now.`;
      })
      .catch((error: unknown) => {
        job.state = 'failed';
        job.message = error instanceof Error ? error.message : String(error);
        if (error instanceof kernels.InstallFailedError && job.output.length === 0) {
          for (const line of error.output.slice(-KEPT_LINES)) keep(line);
        }
      })
      .finally(() => (job.finishedAt = Date.now()));
    return view(job);
  }

  get(id: string): InstallJob | undefined {
    const job = this.jobs.get(id);
    return job && view(job);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
    }
  }

  private readonly jobs = new Map<string, Job>();
}

const view = ({ finishedAt: _finishedAt, ...job }: Job): InstallJob => ({ ...job, output: [...job.output] });
