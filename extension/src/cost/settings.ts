import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { WarningSettings } from '../tokens';

/** The defaults of `schema/cost.json`, used when the setting registry is missing or unreadable. */
export const DEFAULT_POLL_SECONDS = 30;

export interface CostSettings {
  intervalMs: number;
  warnings: WarningSettings;
}

export function readCostSettings(settings: ISettingRegistry.ISettings | null): CostSettings {
  const get = <T>(key: string, fallback: T): T => (settings?.get(key).composite as T | undefined) ?? fallback;
  return {
    intervalMs: get('pollIntervalSeconds', DEFAULT_POLL_SECONDS) * 1000,
    warnings: {
      nearLimit: get('showNearLimitWarnings', true),
      overLimit: get('showOverLimitWarnings', true),
    },
  };
}
