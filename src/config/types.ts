import { IntegrationInstanceConfig } from '@jupiterone/integration-sdk-core';
import { HostTagFilter } from '../qualys/operations/hostIds';

/**
 * What the user configured, as text. Optional fields are strings (not the
 * SDK's booleans) so that every value, from the UI, the environment or a
 * `.env` file, goes through the same parsing and the same error messages.
 */
export interface QualysIntegrationConfig extends IntegrationInstanceConfig {
  qualysApiUrl: string;
  qualysUsername: string;
  qualysPassword: string;
  vmdrFindingSeverities?: string;
  vmdrFindingTypes?: string;
  vmdrFindingStatuses?: string;
  vmdrIncludeQids?: string;
  vmdrExcludeQids?: string;
  vmdrFindingResults?: string;
  hostTagsInclude?: string;
  hostTagsExclude?: string;
  hostTagsBy?: string;
  hostTagsMatch?: string;
  minScannedSinceDays?: string;
  minFindingsSinceDays?: string;
  webAppIds?: string;
  enableVmdr?: string;
  enableWas?: string;
  forceFullRun?: string;
}

/** The configuration the collection runs with: parsed, checked, dated. */
export interface CalculatedConfig {
  apiUrl: URL;
  username: string;
  password: string;
  /** When this run started (epoch ms); the end of every window. */
  runStartedAt: number;
  /** True when windows start at the last successful run, not the day count. */
  incremental: boolean;
  vmdr: {
    enabled: boolean;
    severities: number[];
    types: string[];
    statuses: string[];
    includeQids: number[];
    excludeQids: number[];
    tags?: HostTagFilter;
    withResults: boolean;
    /** Hosts whose scan data Qualys processed after this (epoch ms). */
    hostsProcessedAfter: number;
    /** Detections updated after this (epoch ms). */
    detectionsUpdatedAfter: number;
  };
  was: {
    enabled: boolean;
    webAppIds: string[];
    scannedAfter: number;
    findingsDetectedAfter: number;
  };
}
