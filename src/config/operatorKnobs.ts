import fs from 'node:fs';
import path from 'node:path';
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { configError } from '../userFacingError';

/**
 * Operator knobs: environment variables that tune how the run talks to Qualys
 * and where it writes its report. They are not integration settings, so the
 * SDK never checks them; they are checked here, once before any step, so a
 * typo stops the run with its fix instead of quietly running on a default.
 *
 * Unset or blank means "use the default", which stays with the code that owns
 * it (the client, the host step, the report step): a knob reads as undefined.
 */

/** Environment the knobs are read from; process.env in a run, a literal in tests. */
export type KnobEnvironment = Readonly<Record<string, string | undefined>>;

export interface ClientKnobs {
  idleTimeoutMs?: number;
  maxAttempts?: number;
  retryBudgetMs?: number;
  retryBaseMs?: number;
}

export interface OperatorKnobs {
  client: ClientKnobs;
  hostsPerRequest?: number;
  /** Absolute path of the HTML run report. */
  reportPath?: string;
}

/**
 * The batch size's ceiling, as before: the host assets of two batches are held
 * in memory (a few kB per host), so the batch size bounds the run's memory.
 */
export const MAX_HOSTS_PER_REQUEST = 10_000;

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const PLAIN_WHOLE_NUMBER = /^\d+$/;

/** Kernel pseudo file systems: writing a report there is never what was meant. */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys', '/dev'];

/** Every knob at once; what validateInvocation calls before any step runs. */
export function readOperatorKnobs(
  env: KnobEnvironment = process.env,
  cwd: string = process.cwd(),
): OperatorKnobs {
  return {
    client: clientKnobs(env),
    hostsPerRequest: hostsPerRequestKnob(env),
    reportPath: reportPathKnob(env, cwd),
  };
}

/**
 * The longest delay a Node.js timer honours (about 24.8 days); a longer one
 * fires after 1 ms, which would turn a generous idle timeout into an instant one.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** More attempts than this only hammer a failing API; the retry budget bounds time anyway. */
export const MAX_ATTEMPTS = 100;

export function clientKnobs(env: KnobEnvironment = process.env): ClientKnobs {
  return {
    idleTimeoutMs: positiveNumberKnob(env, 'QUALYS_IDLE_TIMEOUT_MS', 'milliseconds', MAX_TIMER_MS),
    maxAttempts: wholeNumberKnob(env, 'QUALYS_MAX_ATTEMPTS', 'attempts', MAX_ATTEMPTS),
    retryBudgetMs: positiveNumberKnob(env, 'QUALYS_RETRY_BUDGET_MS', 'milliseconds', MAX_TIMER_MS),
    retryBaseMs: positiveNumberKnob(env, 'QUALYS_RETRY_BASE_MS', 'milliseconds', MAX_TIMER_MS),
  };
}

export function hostsPerRequestKnob(env: KnobEnvironment = process.env): number | undefined {
  return wholeNumberKnob(env, 'QUALYS_HOSTS_PER_REQUEST', 'hosts', MAX_HOSTS_PER_REQUEST);
}

/**
 * A whole number from 1 to `max`. Refused rather than clamped: a value the run
 * would not use is a mistake the operator should hear about.
 */
function wholeNumberKnob(env: KnobEnvironment, name: string, unit: string, max: number): number | undefined {
  const text = knobText(env, name);
  if (text === undefined) return undefined;
  const value = PLAIN_WHOLE_NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw knobError(name, env[name], `a whole number of ${unit} from 1 to ${max}`);
  }
  return value;
}

/** QUALYS_REPORT_PATH resolved against `cwd`, checked so a bad path fails now, not after the collection. */
export function reportPathKnob(
  env: KnobEnvironment = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const name = 'QUALYS_REPORT_PATH';
  const file = configuredReportPath(env, cwd);
  if (file === undefined) return undefined;
  const problem = reportPathProblem(file, env[name]?.trim() ?? '');
  if (problem) {
    throw knobError(
      name,
      env[name],
      `the path of an .html file (its folder is made if missing), not a directory, not under ${PSEUDO_FILE_SYSTEMS.join(', ')}`,
      { problem, whenUnset: 'unset it to write the report beside the collected graph' },
    );
  }
  return file;
}

/**
 * QUALYS_REPORT_PATH resolved, without the checks: for the report step, which
 * runs after validation and must turn a write that still fails (the folder
 * went away meanwhile) into its own error, after logging the summary.
 */
export function configuredReportPath(
  env: KnobEnvironment = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const text = knobText(env, 'QUALYS_REPORT_PATH');
  return text === undefined ? undefined : path.resolve(cwd, text);
}

/** Why the report could not be written to `file`, or undefined when it looks writable. */
function reportPathProblem(file: string, given: string): string | undefined {
  if (underPseudoFileSystem(file)) return `${file} is under ${PSEUDO_FILE_SYSTEMS.join(', ')}`;
  if (isDirectory(file)) return `${file} is a directory`;
  // The shell expands ~, Node does not: the report would go to a folder named "~".
  if (given.startsWith('~')) return 'a path starting with ~ is not expanded here; give it absolute or relative to the working directory';
  // An HTML name keeps the report off the SDK's own files (summary.json, the
  // graph's .json files, the index folder) and off anything else by mistake.
  if (!/\.html?$/i.test(file)) return `${path.basename(file)} is not an .html file name`;
  const folder = path.dirname(file);
  // A folder that does not exist yet is made when the report is written (the
  // SDK itself deletes .j1-integration before each run), so what matters is
  // the nearest folder that does exist.
  const existing = nearestExisting(folder);
  if (!isDirectory(existing)) return `its folder ${folder} cannot be made: ${existing} is not a directory`;
  // A symbolic link on the way can lead into a pseudo file system all the same.
  const real = path.join(realPath(existing), path.relative(existing, file));
  if (underPseudoFileSystem(real)) return `${file} leads to ${real}, under ${PSEUDO_FILE_SYSTEMS.join(', ')}`;
  return undefined;
}

/** `folder` itself, or its nearest ancestor that exists. */
function nearestExisting(folder: string): string {
  let current = folder;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

function underPseudoFileSystem(file: string): boolean {
  return PSEUDO_FILE_SYSTEMS.some((root) => file === root || file.startsWith(`${root}/`));
}

/** The folder as links resolve it; as written when that cannot be found out (the write will tell). */
function realPath(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch {
    return folder;
  }
}

/** False also when the path cannot be examined (no permission, a file on the way). */
function isDirectory(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** A number above 0 and at most `max`. */
function positiveNumberKnob(env: KnobEnvironment, name: string, unit: string, max: number): number | undefined {
  const text = knobText(env, name);
  if (text === undefined) return undefined;
  // Plain decimals only: Number() would also read "0x10" as 16 and "1e3" as
  // 1000, which is never what a person typing milliseconds meant.
  const value = PLAIN_DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw knobError(name, env[name], `a number of ${unit} greater than 0 and at most ${max}`);
  }
  return value;
}

/** The knob's text, or undefined when it is unset or blank (both mean the default). */
function knobText(env: KnobEnvironment, name: string): string | undefined {
  const text = env[name]?.trim();
  return text ? text : undefined;
}

/** The message names the variable, the value as given, what is accepted and the way out. */
function knobError(
  name: string,
  value: string | undefined,
  accepted: string,
  { problem, whenUnset = 'unset it to use the default' }: { problem?: string; whenUnset?: string } = {},
): IntegrationValidationError {
  const why = problem ? `: ${problem}` : '';
  return configError(`Invalid ${name} "${value ?? ''}"${why}. Accepted: ${accepted}. Fix it, or ${whenUnset}.`);
}
