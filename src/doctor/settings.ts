import { instanceConfigFields } from '../config/instanceConfigFields';
import { readSettingsDotEnv } from '../config/dotEnv';
import { envName } from '../config/parseSettings';
import { QualysIntegrationConfig } from '../config/types';

/** Where each configured setting came from, for the doctor's first lines. */
export type SettingSource = 'environment' | '.env';

export interface ConfiguredSettings {
  /** The settings as the integration would receive them; unset ones absent. */
  raw: Partial<QualysIntegrationConfig>;
  sources: Partial<Record<keyof QualysIntegrationConfig, SettingSource>>;
  /** Lines of `.env` the collection would skip or read otherwise (see readDotEnv). */
  problems: string[];
  /** The environment the collection would see: `.env`'s variables under the process's own. */
  environment: NodeJS.ProcessEnv;
}

/**
 * The integration's settings as `j1-integration collect` reads them: each
 * from the environment under its upper-snake-case name, or else from the
 * project's `.env` file (the environment wins, as with the SDK's loader).
 */
export function readConfiguredSettings(env: NodeJS.ProcessEnv, dotEnvFile: string | undefined): ConfiguredSettings {
  const file = dotEnvFile ? readSettingsDotEnv(dotEnvFile, env) : { values: {}, problems: [] };
  const fromFile = file.values;
  const raw: Record<string, string> = {};
  const sources: Record<string, SettingSource> = {};
  for (const field of Object.keys(instanceConfigFields)) {
    const name = envName(field);
    if (env[name] !== undefined) {
      raw[field] = env[name] as string;
      sources[field] = 'environment';
    } else if (fromFile[name] !== undefined) {
      raw[field] = fromFile[name];
      sources[field] = '.env';
    }
  }
  return { raw: raw as Partial<QualysIntegrationConfig>, sources, problems: file.problems, environment: { ...fromFile, ...env } };
}
