/**
 * `npm start`: the main job. With Qualys credentials configured (environment
 * or .env) it collects from Qualys; without them it starts the project's own
 * Qualys API simulator on 127.0.0.1 and collects from that, saying so first.
 * Then it checks every step's status (the SDK's collect exits 0 even when a
 * step failed) and exits non-zero when one did not succeed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_USERS, RunningSimulator, startSimulator } from '../simulator';
import { countGraph, isHealthy, readStepOutcomes } from './runSummary';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const STORAGE_DIR = path.join(PROJECT_ROOT, '.j1-integration');
const CREDENTIAL_VARIABLES = ['QUALYS_API_URL', 'QUALYS_USERNAME', 'QUALYS_PASSWORD'];
const FILTER_VARIABLES = [
  'VMDR_FINDING_SEVERITIES',
  'VMDR_FINDING_TYPES',
  'VMDR_FINDING_STATUSES',
  'VMDR_INCLUDE_QIDS',
  'VMDR_EXCLUDE_QIDS',
  'HOST_TAGS_INCLUDE',
  'HOST_TAGS_EXCLUDE',
  'HOST_TAGS_BY',
  'HOST_TAGS_MATCH',
  'WEB_APP_IDS',
  'ENABLE_VMDR',
  'ENABLE_WAS',
];
/** Where the start of the last successful run against Qualys is kept. */
const LAST_RUN_FILE = path.join(PROJECT_ROOT, '.j1-integration-last-run.json');

async function main(): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  const configured = { ...readDotEnv(path.join(PROJECT_ROOT, '.env')), ...process.env };
  const missing = CREDENTIAL_VARIABLES.filter((name) => !configured[name]);

  let simulator: RunningSimulator | undefined;
  if (missing.length === CREDENTIAL_VARIABLES.length) {
    simulator = await startSimulator({ seed: 1 });
    env.QUALYS_API_URL = simulator.url;
    // The simulator's own demo user: public, and good for nothing else.
    const demo = DEFAULT_USERS.find((user) => user.persona === 'ok') ?? DEFAULT_USERS[0];
    env.QUALYS_USERNAME = demo.username;
    env.QUALYS_PASSWORD = demo.password;
    env.QUALYS_SIMULATOR = '1';
    console.log(
      `DEMO RUN: no Qualys credentials are configured (${CREDENTIAL_VARIABLES.join(', ')}), so this collects a synthetic subscription from the built-in Qualys API simulator at ${simulator.url}, not from Qualys. See README.md to collect from your subscription.`,
    );
  } else if (missing.length) {
    console.error(`Set ${missing.join(' and ')} as well (environment or .env): ${CREDENTIAL_VARIABLES.join(', ')} go together.`);
    return 2;
  } else {
    console.log(`Collecting from Qualys at ${withoutCredentials(configured.QUALYS_API_URL ?? '')}`);
  }

  // The last run only counts for the same subscription, user and filters: a
  // changed filter needs a full run to collect what it now lets through.
  const subscription = [
    withoutCredentials(env.QUALYS_API_URL ?? configured.QUALYS_API_URL ?? ''),
    env.QUALYS_USERNAME ?? configured.QUALYS_USERNAME,
    ...FILTER_VARIABLES.map((name) => `${name}=${configured[name] ?? ''}`),
  ].join(' ');
  const lastRun = simulator ? undefined : readLastRun(subscription);
  if (lastRun !== undefined && !/^(true|1|yes)$/i.test(configured.FORCE_FULL_RUN ?? '')) {
    env.QUALYS_LAST_SUCCESSFUL_RUN = String(lastRun);
    console.log(`Incremental run: asking only for changes since the last successful run (${new Date(lastRun).toISOString()}); FORCE_FULL_RUN=true for a full one.`);
  }

  const startedAt = Date.now();
  try {
    const exitCode = await runCollect(env);
    const code = report(exitCode);
    if (code === 0 && !simulator) writeLastRun(subscription, startedAt);
    return code;
  } finally {
    await simulator?.close();
  }
}

function readLastRun(subscription: string): number | undefined {
  if (!fs.existsSync(LAST_RUN_FILE)) return undefined;
  try {
    const state = JSON.parse(fs.readFileSync(LAST_RUN_FILE, 'utf8')) as { subscription?: string; startedAt?: number };
    return state.subscription === subscription && typeof state.startedAt === 'number' ? state.startedAt : undefined;
  } catch {
    return undefined;
  }
}

function writeLastRun(subscription: string, startedAt: number): void {
  fs.writeFileSync(LAST_RUN_FILE, `${JSON.stringify({ subscription, startedAt }, null, 2)}\n`);
}

function runCollect(env: NodeJS.ProcessEnv): Promise<number> {
  const cli = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration');
  return new Promise((resolve) => {
    const child = spawn(cli, ['collect'], { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`Could not start the JupiterOne CLI (${err.message}); run npm ci first.`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function report(collectExitCode: number): number {
  const outcomes = readStepOutcomes(STORAGE_DIR);
  if (!outcomes) {
    console.error(`\nThe collection did not finish (exit code ${collectExitCode}); the messages above say why.`);
    return collectExitCode || 1;
  }
  const counts = countGraph(STORAGE_DIR);
  console.log('\nCollected graph (.j1-integration/graph):');
  for (const [type, n] of [...counts.entities].sort()) console.log(`  ${String(n).padStart(8)}  ${type}`);
  for (const [type, n] of [...counts.relationships].sort()) console.log(`  ${String(n).padStart(8)}  ${type}`);
  const failed = outcomes.filter((o) => !isHealthy(o));
  for (const o of outcomes) console.log(`Step ${o.id}: ${o.status}`);
  if (failed.length) {
    console.error(`\n${failed.length} step(s) did not succeed: ${failed.map((o) => o.id).join(', ')}. Their errors are logged above; their data is marked partial.`);
    return 1;
  }
  return collectExitCode;
}

/** A URL as it may be shown: never with a user name or password in it. */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return value.replace(/\/\/[^/@]*@/, '//');
  }
}

/** KEY=VALUE lines, enough to know whether credentials are configured. */
function readDotEnv(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match && match[2] !== '') values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
