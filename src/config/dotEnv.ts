import fs from 'node:fs';
import { instanceConfigFields } from './instanceConfigFields';
import { envName } from './parseSettings';

/** What a `.env` file gives the JupiterOne CLI, and what in it the CLI would get wrong. */
export interface DotEnvFile {
  values: Record<string, string>;
  /** Lines the CLI would skip or read differently from what they seem to say; values are never quoted. */
  problems: string[];
}

/** A line as the SDK 8.41 loader (dotenv 8) matches it: `KEY=value`, nothing before the key. */
const KEY_VALUE = /^\s*([\w.-]+)\s*=\s*(.*)?\s*$/;
const EXPORTED = /^\s*export\s+([\w.-]+)\s*=/;
/** A `$` that dotenv-expand would treat as the start of a variable reference (it leaves `\$` alone). */
const EXPANDED_DOLLAR = /(^|[^\\])\$/;

/**
 * Reads a `.env` file the way `j1-integration collect` does (dotenv 8, then
 * dotenv-expand), so that `npm start` and the doctor see the settings the
 * collection will see: surrounding quotes removed (`\n` expanded inside
 * double quotes), unquoted values trimmed, a `#` after a value kept as part
 * of it, `\$` read as `$`.
 *
 * Two things the CLI would silently get wrong are reported instead of
 * guessed at: an `export` before the name (the CLI skips the whole line), and
 * a `$` in a value (the CLI replaces `$NAME` with another variable's value,
 * so a password holding `$` would change). Only for the names `isSetting`
 * picks: other variables in the file are not this integration's business.
 */
export function readDotEnv(file: string, isSetting: (name: string) => boolean = () => true): DotEnvFile {
  const result: DotEnvFile = { values: {}, problems: [] };
  if (!fs.existsSync(file)) return result;
  fs.readFileSync(file, 'utf8')
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      const where = `.env line ${index + 1}`;
      const exported = EXPORTED.exec(line);
      if (exported && isSetting(exported[1])) {
        result.problems.push(
          `${where}: remove "export " before ${exported[1]}; the JupiterOne CLI skips lines that start with it, so ${exported[1]} would not be set`,
        );
        return;
      }
      const match = KEY_VALUE.exec(line);
      if (!match) return;
      const [, name, raw = ''] = match;
      let value = raw;
      const last = value.length - 1;
      if (last > 0 && (value[0] === '"' || value[0] === "'") && value[last] === value[0]) {
        value = value[0] === '"' ? value.slice(1, last).replace(/\\n/g, '\n') : value.slice(1, last);
      } else {
        value = value.trim();
      }
      if (EXPANDED_DOLLAR.test(value) && isSetting(name)) {
        result.problems.push(
          `${where}: the value of ${name} holds "$", which the JupiterOne CLI reads as a reference to another variable; write \\$ for a dollar sign, or set ${name} in the environment only (not in .env)`,
        );
      }
      result.values[name] = value.replace(/\\\$/g, '$');
    });
  return result;
}

/** Environment names of the integration's settings (QUALYS_API_URL, ...). */
const SETTING_NAMES: ReadonlySet<string> = new Set(Object.keys(instanceConfigFields).map(envName));

/** The integration's settings and its operator knobs (all QUALYS_*), which the CLI also takes from `.env`. */
const isIntegrationVariable = (name: string): boolean => SETTING_NAMES.has(name) || name.startsWith('QUALYS_');

/**
 * `readDotEnv` reporting problems for the integration's own variables only,
 * and one more: a variable set both in `.env` and in `environment` has the
 * environment's value expanded by the CLI as well (dotenv-expand rewrites
 * every name the file lists), so a bare `$` there changes it too.
 */
export function readSettingsDotEnv(file: string, environment: NodeJS.ProcessEnv = {}): DotEnvFile {
  const result = readDotEnv(file, isIntegrationVariable);
  for (const name of Object.keys(result.values)) {
    const value = environment[name];
    if (value !== undefined && isIntegrationVariable(name) && EXPANDED_DOLLAR.test(value)) {
      result.problems.push(
        `${name} is set in the environment and in .env, so the JupiterOne CLI reads "$" in the environment's value as a reference to another variable too; remove ${name} from .env, or write \\$ for a dollar sign`,
      );
    }
  }
  return result;
}
