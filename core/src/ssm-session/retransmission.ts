/**
 * When to resend an unacknowledged frame. The plugin and the agent estimate the round trip like TCP
 * (RFC 6298: smoothed RTT with gain 1/8, variation with gain 1/4, timeout = SRTT + max(G, 4·RTTVAR),
 * capped at 1 s). We keep that, add a floor (a resend over a healthy websocket is always spurious, so
 * a too-eager timer only wastes bandwidth), and back off per frame: each resend of the same frame
 * doubles its wait, up to the cap.
 */

export interface RetransmissionOptions {
  /** Floor of the timeout. @default 100 */
  minTimeoutMs?: number;
  /** Cap of the timeout and of the per-frame backoff (the plugin's MaxTransmissionTimeout). @default 1000 */
  maxTimeoutMs?: number;
}

const INITIAL_RTT_MS = 100;
const INITIAL_TIMEOUT_MS = 200;
const CLOCK_GRANULARITY_MS = 10;
const RTT_GAIN = 1 / 8;
const RTT_VARIATION_GAIN = 1 / 4;

export class RetransmissionTimer {
  private srtt = INITIAL_RTT_MS;
  private rttVariation = 0;
  private timeout: number;
  private readonly min: number;
  private readonly max: number;

  constructor(options: RetransmissionOptions = {}) {
    this.min = options.minTimeoutMs ?? 100;
    this.max = Math.max(this.min, options.maxTimeoutMs ?? 1000);
    this.timeout = this.clamp(INITIAL_TIMEOUT_MS);
  }

  /** Feeds one measured round trip (only for frames sent once: Karn's rule, a resent frame's ack is ambiguous). */
  sample(rttMs: number): void {
    this.rttVariation =
      (1 - RTT_VARIATION_GAIN) * this.rttVariation + RTT_VARIATION_GAIN * Math.abs(this.srtt - rttMs);
    this.srtt = (1 - RTT_GAIN) * this.srtt + RTT_GAIN * rttMs;
    this.timeout = this.clamp(this.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttVariation));
  }

  /** How long to wait for the ack of a frame already resent `resends` times (0 for a first send). */
  timeoutFor(resends: number): number {
    return Math.min(this.max, this.timeout * 2 ** Math.min(resends, 16));
  }

  get smoothedRttMs(): number {
    return this.srtt;
  }

  get timeoutMs(): number {
    return this.timeout;
  }

  private clamp(ms: number): number {
    return Math.min(this.max, Math.max(this.min, ms));
  }
}
