import { DEFAULT_USERS } from '../src/simulator';
import { instanceConfigFields } from '../src/config/instanceConfigFields';
import { envName } from '../src/config/parseSettings';

/** The environment the measured children run with. */

/**
 * Settings that put every simulated detection in scope: all severities,
 * types and statuses, and day windows far wider than the simulator's dates
 * (hosts processed up to 60 days ago, detections last updated up to about
 * 15 months ago; see src/simulator/model/hosts.ts and detections.ts).
 */
export const PRODUCT_SETTINGS: Record<string, string> = {
  VMDR_FINDING_SEVERITIES: '1,2,3,4,5',
  VMDR_FINDING_TYPES: 'Confirmed,Potential,Info',
  VMDR_FINDING_STATUSES: 'New,Active,Re-Opened,Fixed',
  MIN_SCANNED_SINCE_DAYS: '3650',
  MIN_FINDINGS_SINCE_DAYS: '3650',
  ENABLE_VMDR: 'true',
  ENABLE_WAS: 'true',
};

/** The simulator's public demo user, the one with full access. */
export const DEMO = DEFAULT_USERS.find((user) => user.persona === 'ok') ?? DEFAULT_USERS[0];
const SIMULATOR_USER = { QUALYS_USERNAME: DEMO.username, QUALYS_PASSWORD: DEMO.password };

/** The inherited environment without any setting a developer's shell could leak into a run. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('QUALYS_') || name.startsWith('FLOOR_')) delete env[name];
  }
  for (const field of Object.keys(instanceConfigFields)) delete env[envName(field)];
  return env;
}

/** What the product and the parse floor run with, against the simulator at `url`. */
export function productEnvironment(url: string): NodeJS.ProcessEnv {
  return { ...cleanEnvironment(), ...PRODUCT_SETTINGS, ...SIMULATOR_USER, QUALYS_API_URL: url };
}
