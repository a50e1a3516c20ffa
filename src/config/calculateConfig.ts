import { CalculatedConfig, QualysIntegrationConfig } from './types';
import { configError } from '../userFacingError';
import {
  booleanSetting,
  envName,
  choice,
  choiceList,
  daysSetting,
  integerList,
  listSetting,
} from './parseSettings';
import { validateApiUrl } from './validateApiUrl';

export const DETECTION_TYPES = ['Confirmed', 'Potential', 'Info'] as const;
export const DETECTION_STATUSES = ['New', 'Active', 'Re-Opened', 'Fixed'] as const;

export const DEFAULTS = {
  severities: [3, 4, 5],
  types: ['Confirmed', 'Potential'],
  // Fixed is asked for so that fixes close findings in the graph; Qualys
  // leaves it out unless named.
  statuses: [...DETECTION_STATUSES],
  scannedSinceDays: 30,
  findingsSinceDays: 30,
  /** Incremental windows reach back this far before the last run started. */
  incrementalOverlapMs: 60 * 60_000,
};

export interface RunFacts {
  /** When this run started (epoch ms). */
  startedAt: number;
  /** When the last successful run started, if one is known. */
  lastSuccessfulStartedAt?: number;
}

/**
 * Raw settings plus the run's dates → the configuration the steps use. Pure:
 * the clock and the execution history come in as `run`.
 */
export function calculateConfig(
  raw: QualysIntegrationConfig,
  run: RunFacts,
): CalculatedConfig {
  for (const field of ['qualysApiUrl', 'qualysUsername', 'qualysPassword'] as const) {
    if (!raw[field] || String(raw[field]).trim() === '') {
      throw configError(
        `Missing ${field} (${envName(field)}): set it in the integration configuration, the environment or .env.`,
      );
    }
  }
  const apiUrl = validateApiUrl(raw.qualysApiUrl);
  const fullRun = booleanSetting('forceFullRun', raw.forceFullRun, false);
  const incremental = !fullRun && run.lastSuccessfulStartedAt !== undefined;

  const windowStart = (days: number): number => {
    const byDays = run.startedAt - days * 24 * 60 * 60_000;
    if (!incremental || run.lastSuccessfulStartedAt === undefined) return byDays;
    return Math.max(byDays, run.lastSuccessfulStartedAt - DEFAULTS.incrementalOverlapMs);
  };
  const scannedSince = windowStart(
    daysSetting('minScannedSinceDays', raw.minScannedSinceDays, DEFAULTS.scannedSinceDays),
  );
  const findingsSince = windowStart(
    daysSetting('minFindingsSinceDays', raw.minFindingsSinceDays, DEFAULTS.findingsSinceDays),
  );

  const tagsInclude = listSetting(raw.hostTagsInclude);
  const tagsExclude = listSetting(raw.hostTagsExclude);
  const tagsBy = choice('hostTagsBy', raw.hostTagsBy, ['name', 'id'] as const, 'name');
  if (tagsBy === 'id') {
    integerList('hostTagsInclude', raw.hostTagsInclude, { min: 1, max: Number.MAX_SAFE_INTEGER }, []);
    integerList('hostTagsExclude', raw.hostTagsExclude, { min: 1, max: Number.MAX_SAFE_INTEGER }, []);
  }
  const tagsMatch = choice('hostTagsMatch', raw.hostTagsMatch, ['any', 'all'] as const, 'any');

  return {
    apiUrl,
    username: raw.qualysUsername.trim(),
    password: raw.qualysPassword,
    runStartedAt: run.startedAt,
    incremental,
    vmdr: {
      enabled: booleanSetting('enableVmdr', raw.enableVmdr, true),
      severities: integerList('vmdrFindingSeverities', raw.vmdrFindingSeverities, { min: 1, max: 5 }, DEFAULTS.severities),
      types: choiceList('vmdrFindingTypes', raw.vmdrFindingTypes, DETECTION_TYPES, DEFAULTS.types),
      statuses: choiceList('vmdrFindingStatuses', raw.vmdrFindingStatuses, DETECTION_STATUSES, DEFAULTS.statuses),
      includeQids: integerList('vmdrIncludeQids', raw.vmdrIncludeQids, { min: 1, max: 99_999_999 }, []),
      excludeQids: integerList('vmdrExcludeQids', raw.vmdrExcludeQids, { min: 1, max: 99_999_999 }, []),
      tags:
        tagsInclude.length || tagsExclude.length
          ? { include: tagsInclude, exclude: tagsExclude, by: tagsBy, includeSelector: tagsMatch }
          : undefined,
      withResults: booleanSetting('vmdrFindingResults', raw.vmdrFindingResults, true),
      hostsProcessedAfter: scannedSince,
      detectionsUpdatedAfter: findingsSince,
    },
    was: {
      enabled: booleanSetting('enableWas', raw.enableWas, true),
      webAppIds: integerList('webAppIds', raw.webAppIds, { min: 1, max: Number.MAX_SAFE_INTEGER }, []).map(String),
      scannedAfter: scannedSince,
      findingsDetectedAfter: findingsSince,
    },
  };
}
