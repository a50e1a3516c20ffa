import { IntegrationInstanceConfigFieldMap } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from './types';

/**
 * The settings a user gives. Each is also read from the environment (and a
 * `.env` file) under its name in upper snake case: `qualysApiUrl` is
 * `QUALYS_API_URL`. Lists are comma-separated.
 */
export const instanceConfigFields: IntegrationInstanceConfigFieldMap<QualysIntegrationConfig> = {
  qualysApiUrl: { type: 'string' },
  qualysUsername: { type: 'string' },
  qualysPassword: { type: 'string', mask: true },
  vmdrFindingSeverities: { type: 'string', optional: true },
  vmdrFindingTypes: { type: 'string', optional: true },
  vmdrFindingStatuses: { type: 'string', optional: true },
  vmdrIncludeQids: { type: 'string', optional: true },
  vmdrExcludeQids: { type: 'string', optional: true },
  vmdrFindingResults: { type: 'string', optional: true },
  hostTagsInclude: { type: 'string', optional: true },
  hostTagsExclude: { type: 'string', optional: true },
  hostTagsBy: { type: 'string', optional: true },
  hostTagsMatch: { type: 'string', optional: true },
  minScannedSinceDays: { type: 'string', optional: true },
  minFindingsSinceDays: { type: 'string', optional: true },
  webAppIds: { type: 'string', optional: true },
  enableVmdr: { type: 'string', optional: true },
  enableWas: { type: 'string', optional: true },
  forceFullRun: { type: 'string', optional: true },
};
