import type { LifecycleStatus } from '@studio-teams/schema';
import { headline, onStartText } from '../src/lifecycle/format';

const summary: NonNullable<LifecycleStatus['summary']> = {
  script: 'jupyterlab',
  startedAt: '2026-11-29T08:00:00.000Z',
  finishedAt: '2026-11-29T08:00:03.000Z',
  durationMs: 3000,
  version: '0.1.0+abc',
  steps: [{ name: 'wheel', status: 'ok', message: 'installed', durationMs: 10 }],
};
const status = (over: Partial<LifecycleStatus> = {}): LifecycleStatus => ({
  summary,
  failed: [],
  message: 'The last start took 3.0 s.',
  onStart: null,
  ...over,
});

test('the line is red when a step failed, amber when ~/.on_start failed, grey with no start recorded', () => {
  expect(headline(status()).tone).toBe('ok');
  expect(
    headline(status({ failed: [{ name: 'node', status: 'failed', message: 'no Node', durationMs: 1 }] }))
      .tone,
  ).toBe('error');
  const failedOnStart = {
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    exitCode: 2,
    timedOut: false,
  };
  expect(headline(status({ onStart: { result: failedOnStart, logTail: [] } })).tone).toBe('warn');
  expect(headline(status({ summary: null, message: 'No start recorded' }))).toEqual({
    text: 'No start recorded',
    tone: 'none',
  });
});

test('~/.on_start: running, finished, failed, stopped', () => {
  const at = (s: number): string => new Date(Date.parse('2026-11-29T08:00:00Z') + s * 1000).toISOString();
  expect(onStartText(null)).toBe('~/.on_start is running (or was stopped with the app).');
  expect(onStartText({ startedAt: at(0), finishedAt: at(12), exitCode: 0, timedOut: false })).toBe(
    '~/.on_start finished in 12 s.',
  );
  expect(onStartText({ startedAt: at(0), finishedAt: at(3), exitCode: 3, timedOut: false })).toBe(
    '~/.on_start failed with exit code 3 after 3 s.',
  );
  expect(onStartText({ startedAt: at(0), finishedAt: at(1800), exitCode: 124, timedOut: true })).toBe(
    '~/.on_start was stopped after 1800 s: it ran past its time limit.',
  );
});
