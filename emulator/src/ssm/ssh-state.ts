import { ContainerStore } from '../containers/container-store';
import type { Caller } from '../studio/caller';
import type { DataChannelEndpoint } from './data-channel';
import { DEFAULT_DATA_CHANNEL, type DataChannelSettings } from './data-channel-settings';
import type { Activation, ManagedInstance } from './managed-instance-store';
import { endSession, type SessionRecord } from './session-store';

/**
 * What SSH into the local Studio needs remembered: activations and managed instances, sessions and
 * their data channels, the sandbox containers and who is calling. Lost on close like the rest.
 */
export class SshState {
  readonly activations = new Map<string, Activation>();
  readonly instances = new Map<string, ManagedInstance>();
  readonly sessions = new Map<string, SessionRecord>();
  /** By access key id; see identifyCaller. */
  readonly callers = new Map<string, Promise<Caller>>();
  readonly containers = new ContainerStore();
  dataChannel: DataChannelSettings = { ...DEFAULT_DATA_CHANNEL };
  /** Serves the data-channel websockets (in a worker thread); started with the first session. */
  dataChannels: Promise<DataChannelEndpoint> | undefined;
  private seq = 0;
  private sweeper: NodeJS.Timeout | undefined;

  nextSeq(): number {
    return ++this.seq;
  }

  /** Runs `sweep` every `ms` until close (once asked; later calls change nothing). */
  sweepEvery(ms: number, sweep: () => Promise<void>): void {
    if (this.sweeper) return;
    let running = false;
    this.sweeper = setInterval(() => {
      if (running) return;
      running = true;
      sweep()
        .catch((err: unknown) => console.warn('emulator: sweeping the containers failed:', err))
        .finally(() => (running = false));
    }, ms);
    this.sweeper.unref();
  }

  /** The emulator is closing: every session ends, every sshd stops, nothing outlives it. */
  async close(now: number): Promise<void> {
    clearInterval(this.sweeper);
    for (const session of this.sessions.values()) {
      endSession(session, 'Terminated', now, 'the emulator stopped');
      session.agent?.destroy();
    }
    const endpoint = await this.dataChannels?.catch(() => undefined);
    this.dataChannels = undefined;
    await endpoint?.stop();
    await this.containers.stopAll();
  }
}
