import fs from 'node:fs';
import { instanceConfigFields } from '../config/instanceConfigFields';
import { envName } from '../config/parseSettings';
import { QualysIntegrationConfig } from '../config/types';

/** Where each configured setting came from, for the doctor's first lines. */
export type SettingSource = 'environment' | '.env';

export interface ConfiguredSettings {
  /** The settings as the integration would receive them; unset ones absent. */
  raw: Partial<QualysIntegrationConfig>;
  sources: Partial<Record<keyof QualysIntegrationConfig, SettingSource>>;
}

/**
 * The integration's settings as `j1-integration collect` reads them: each
 * from the environment under its upper-snake-case name, or else from the
 * project's `.env` file (the environment wins, as with the SDK's loader).
 */
export function readConfiguredSettings(env: NodeJS.ProcessEnv, dotEnvFile: string | undefined): ConfiguredSettings {
  const fromFile = dotEnvFile ? readDotEnv(dotEnvFile) : {};
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
  return { raw: raw as Partial<QualysIntegrationConfig>, sources };
}

/**
 * `KEY=value` lines of a `.env` file: `#` comments, an optional `export`,
 * single or double quotes around the value. Variable expansion is not done.
 */
export function readDotEnv(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]] = value;
  }
  return values;
}
