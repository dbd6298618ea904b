/**
 * How the emulator's end of each new data channel behaves: frame faults for the "the service drops or
 * reorders frames" tests (core's `withChaos` around the websocket), and the largest payload it sends.
 * Changed with `PUT /_emulator/data-channel` or the EMULATOR_DATA_CHANNEL_* variables; a setting applies
 * to sessions that connect after it.
 */
export interface DataChannelSettings {
  /** Share of stream frames and acknowledgements dropped, both ways. */
  drop: number;
  /** Share delivered twice. */
  duplicate: number;
  /** How each batch of frames is reordered. */
  reorder: 'none' | 'reverse' | 'shuffle';
  /** Seed of the fault draws; each session adds its own number to it, so runs replay. */
  seed: number;
  /**
   * Largest payload of one frame the emulator sends. The service is only known to take the plugin's
   * 1024; on loopback, with our client at the other end, larger frames are many times faster.
   */
  maxPayloadSize: number;
}

export const DEFAULT_DATA_CHANNEL: DataChannelSettings = {
  drop: 0,
  duplicate: 0,
  reorder: 'none',
  seed: 1,
  maxPayloadSize: 256 * 1024,
};

const MAX_PAYLOAD = 1024 * 1024;
const REORDERS = ['none', 'reverse', 'shuffle'];

/** One message per invalid field, unknown keys included. */
export function checkDataChannelSettings(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['the data-channel settings must be a JSON object'];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'drop':
      case 'duplicate':
        // Above one half, almost nothing gets through and a session only times out.
        if (typeof v !== 'number' || !(v >= 0 && v <= 0.5))
          problems.push(`${key} must be a number from 0 to 0.5, got ${JSON.stringify(v)}`);
        break;
      case 'reorder':
        if (typeof v !== 'string' || !REORDERS.includes(v))
          problems.push(`reorder must be one of ${REORDERS.join(', ')}, got ${JSON.stringify(v)}`);
        break;
      case 'seed':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
          problems.push(`seed must be a non-negative integer, got ${JSON.stringify(v)}`);
        break;
      case 'maxPayloadSize':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_PAYLOAD)
          problems.push(
            `maxPayloadSize must be an integer from 1 to ${MAX_PAYLOAD}, got ${JSON.stringify(v)}`,
          );
        break;
      default:
        problems.push(
          `unknown data-channel setting "${key}" (known: drop, duplicate, reorder, seed, maxPayloadSize)`,
        );
    }
  }
  return problems;
}

const ENV_NAMES: Record<keyof DataChannelSettings, string> = {
  drop: 'EMULATOR_DATA_CHANNEL_DROP',
  duplicate: 'EMULATOR_DATA_CHANNEL_DUPLICATE',
  reorder: 'EMULATOR_DATA_CHANNEL_REORDER',
  seed: 'EMULATOR_DATA_CHANNEL_SEED',
  maxPayloadSize: 'EMULATOR_DATA_CHANNEL_PAYLOAD_SIZE',
};

/** The EMULATOR_DATA_CHANNEL_* variables that are set; an invalid one is an error naming it. */
export function dataChannelFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<DataChannelSettings> {
  const settings: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const value = key === 'reorder' ? raw.trim() : Number(raw);
    const problems = checkDataChannelSettings({ [key]: value });
    if (problems.length > 0) throw new Error(`${name}=${raw} is invalid: ${problems[0]}`);
    settings[key] = value;
  }
  return settings as Partial<DataChannelSettings>;
}

export const hasFaults = (s: DataChannelSettings): boolean =>
  s.drop > 0 || s.duplicate > 0 || s.reorder !== 'none';
