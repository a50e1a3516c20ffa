import { parseArgs } from 'node:util';
import { QualysIntegrationConfig } from '../config/types';
import { DEFAULT_USERS, Persona, RunningSimulator, startSimulator } from '../simulator';
import { CheckRow, runChecks } from './checks';
import { readConfiguredSettings } from './settings';
import { formatTable } from './table';
import { Cause, EXIT_CODES, VERDICTS } from './verdict';
import { OperatorKnobs, readOperatorKnobs } from '../config/operatorKnobs';

export interface DoctorOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** The `.env` file the integration would read; none in tests. */
  dotEnvFile?: string;
  /** Receives every line printed. */
  out: (line: string) => void;
  now?: () => number;
}

const PERSONAS: readonly string[] = [...DEFAULT_USERS.map((u) => u.persona), 'wrong-password'];

const USAGE = `usage: npm run doctor [-- --simulator <persona>]

Checks the configured Qualys API URL, credentials and every endpoint the
collection uses (QUALYS_API_URL, QUALYS_USERNAME, QUALYS_PASSWORD from the
environment or .env), and says what to ask the Qualys administrator for.

  --simulator <persona>   check a freshly started built-in simulator instead,
                          as one of its users: ${PERSONAS.join(', ')}

exit codes: 0 all OK; 1 other; 2 wrong credentials; 3 no API access;
4 role cannot read detections; 5 a module missing (collection would be partial);
6 subscription expired or account setup unfinished; 7 URL not a Qualys API
server or unreachable`;

/**
 * `npm run doctor`: checks everything the collection needs and prints one
 * table and one verdict. Returns the exit code; credentials are never printed.
 */
export async function runDoctor(options: DoctorOptions): Promise<number> {
  let persona: string | undefined;
  try {
    const { values } = parseArgs({
      args: options.argv,
      options: { simulator: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help) {
      options.out(USAGE);
      return EXIT_CODES.ok;
    }
    persona = values.simulator;
    if (persona !== undefined && !PERSONAS.includes(persona)) throw new Error(`unknown persona "${persona}"`);
  } catch (err) {
    options.out(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return EXIT_CODES.other;
  }

  let simulator: RunningSimulator | undefined;
  try {
    let raw: Partial<QualysIntegrationConfig>;
    let dotEnvProblems: string[] = [];
    let environment = options.env;
    if (persona !== undefined) {
      simulator = await startSimulator({ seed: 1, hosts: 24, detectionsPerHost: 4, webApps: 2, findingsPerWebApp: 3 });
      raw = simulatorSettings(simulator, persona);
      options.out(`DEMO: checking the built-in Qualys API simulator at ${simulator.url} as its "${persona}" user, not Qualys.`);
    } else {
      const settings = readConfiguredSettings(options.env, options.dotEnvFile);
      raw = settings.raw;
      dotEnvProblems = settings.problems;
      environment = settings.environment;
      const from = [...new Set([settings.sources.qualysUsername, settings.sources.qualysPassword].filter(Boolean))].join(' and ');
      options.out(`Checking the configured Qualys API access (credentials ${from ? `from ${from}` : 'not configured'}; they are never shown).`);
      if (!raw.qualysApiUrl && !raw.qualysUsername && !raw.qualysPassword) {
        options.out('Set QUALYS_API_URL, QUALYS_USERNAME and QUALYS_PASSWORD (environment or .env), or see a demo: npm run doctor -- --simulator ok');
      }
    }
    return await check(raw, { ...options, env: environment }, dotEnvProblems);
  } finally {
    await simulator?.close();
  }
}

async function check(raw: Partial<QualysIntegrationConfig>, options: DoctorOptions, dotEnvProblems: string[] = []): Promise<number> {
  // The same check of the environment's operator knobs as a run's: a knob the
  // run would refuse fails the Settings row, and the doctor then calls
  // nothing. So does a .env line the collection would skip or misread.
  let knobs: OperatorKnobs | undefined;
  const problems = [...dotEnvProblems];
  try {
    knobs = readOperatorKnobs(options.env);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const environmentProblem = problems.length ? problems.join('; ') : undefined;
  const hide = hider(raw.qualysUsername?.trim() ?? '', raw.qualysPassword ?? '');
  const print = (line: string): void => options.out(hide.everywhere(line));
  const rows = await runChecks(raw, {
    now: (options.now ?? Date.now)(),
    redact: hide.qualysText,
    retryBaseMs: knobs?.client.retryBaseMs,
    idleTimeoutMs: knobs?.client.idleTimeoutMs,
    environmentProblem,
  });

  print('');
  for (const line of formatTable(
    [
      { title: 'CHECK', width: 42 },
      { title: 'RESULT', width: 48 },
      { title: 'ASK THE QUALYS ADMINISTRATOR FOR', width: 36 },
    ],
    rows.map((row) => [
      row.endpoint ? `${row.check}\n${row.endpoint}` : row.check,
      row.status === 'failed' ? `FAILED: ${row.result}` : row.result,
      row.askFor || '-',
    ]),
  )) {
    print(line);
  }

  const cause = verdictOf(rows);
  print('');
  print(`Exit code ${EXIT_CODES[cause]}: ${describeVerdict(cause, rows)}`);
  const failed = rows.filter((row) => row.status === 'failed' && row.advice);
  if (failed.length) {
    print('');
    print('Details:');
    for (const row of failed) print(`- ${row.check}: ${row.advice}`);
  }
  return EXIT_CODES[cause];
}

/** The first blocking cause in check order; a missing optional module only when nothing blocks. */
export function verdictOf(rows: readonly CheckRow[]): Cause | 'ok' {
  const failed = rows.filter((row) => row.status === 'failed');
  const blocking = failed.find((row) => row.cause !== 'module');
  if (blocking) return blocking.cause ?? 'other';
  return failed.length ? 'module' : 'ok';
}

function describeVerdict(cause: Cause | 'ok', rows: readonly CheckRow[]): string {
  if (cause !== 'module') return VERDICTS[cause];
  const missing = [...new Set(rows.filter((row) => row.cause === 'module' && row.without).map((row) => row.without))];
  return `${VERDICTS.module}: ${missing.join('; ')}. Grant the module, or turn that part of the collection off.`;
}

function simulatorSettings(simulator: RunningSimulator, persona: string): Partial<QualysIntegrationConfig> {
  const wrongPassword = persona === 'wrong-password';
  const user = DEFAULT_USERS.find((u) => u.persona === (wrongPassword ? 'ok' : (persona as Persona)));
  if (!user) throw new Error(`the simulator has no "${persona}" user`);
  return {
    qualysApiUrl: simulator.url,
    qualysUsername: user.username,
    qualysPassword: wrongPassword ? `${user.password}-wrong` : user.password,
  };
}

/**
 * Keeps credentials out of the output. Qualys's own texts sometimes quote
 * the user name ("… for user acme_ab12"), so they are rewritten; and no
 * printed line may hold the password.
 */
function hider(username: string, password: string): { qualysText: (text: string) => string; everywhere: (text: string) => string } {
  const withoutPassword = (text: string): string => (password.length >= 4 ? text.split(password).join('********') : text);
  const userPattern = username ? new RegExp(`(?<![\\w.@-])${username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.@-])`, 'g') : undefined;
  return {
    qualysText: (text) => {
      const hidden = withoutPassword(text);
      return userPattern ? hidden.replace(userPattern, '<username>') : hidden;
    },
    everywhere: withoutPassword,
  };
}
