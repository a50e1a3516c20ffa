import fs from 'node:fs';
import { instanceConfigFields } from '../config/instanceConfigFields';
import { booleanSetting, envName } from '../config/parseSettings';

/**
 * What `npm start` remembers between local runs so the next one can be
 * incremental: the start of the last successful run, and the subscription,
 * user and settings it ran with. A last run only counts when all of those are
 * unchanged: a wider window or filter needs a full run to collect what it now
 * lets in. The password is never part of it.
 */

/** The three settings that say which subscription, as which user. */
export const CREDENTIAL_VARIABLES: readonly string[] = ['QUALYS_API_URL', 'QUALYS_USERNAME', 'QUALYS_PASSWORD'];

/** Every setting but the credentials and FORCE_FULL_RUN, by environment name. */
export const RUN_SHAPING_VARIABLES: readonly string[] = Object.keys(instanceConfigFields)
  .map(envName)
  .filter((name) => ![...CREDENTIAL_VARIABLES, 'FORCE_FULL_RUN'].includes(name));

/** The identity a last run is kept under: URL (without credentials), user and settings. */
export function runIdentity(apiUrl: string, username: string | undefined, settings: Readonly<Record<string, string | undefined>>): string {
  return [
    withoutCredentials(apiUrl),
    username ?? '',
    ...RUN_SHAPING_VARIABLES.map((name) => `${name}=${settings[name]?.trim() ?? ''}`),
  ].join(' ');
}

/**
 * FORCE_FULL_RUN read as the run reads it. A value the run would refuse counts
 * as yes: the run stops on it anyway, with its own message.
 */
export function forcesFullRun(value: string | undefined): boolean {
  try {
    return booleanSetting('forceFullRun', value, false);
  } catch {
    return true;
  }
}

/** Start of the last successful run with this identity, if the file has one. */
export function readLastRun(file: string, identity: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { subscription?: string; startedAt?: number };
    return state.subscription === identity && typeof state.startedAt === 'number' ? state.startedAt : undefined;
  } catch {
    return undefined;
  }
}

export function writeLastRun(file: string, identity: string, startedAt: number): void {
  fs.writeFileSync(file, `${JSON.stringify({ subscription: identity, startedAt }, null, 2)}\n`);
}

/** A URL as it may be shown or kept: never with a user name or password in it. */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return value.replace(/\/\/[^/@]*@/, '//');
  }
}
