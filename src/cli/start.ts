/**
 * `npm start`: the main job. With Qualys credentials configured (environment
 * or .env) it collects from Qualys; without them it starts the project's own
 * Qualys API simulator on 127.0.0.1 and collects from that, saying so first.
 * Then it checks every step's status (the SDK's collect exits 0 even when a
 * step failed) and exits non-zero when one did not succeed.
 */
import { spawn } from 'node:child_process';
import { readSettingsDotEnv } from '../config/dotEnv';
import os from 'node:os';
import path from 'node:path';
import { CREDENTIAL_VARIABLES, forcesFullRun, readLastRun, runIdentity, withoutCredentials, writeLastRun } from './lastRunState';
import { DEFAULT_USERS, RunningSimulator, startSimulator } from '../simulator';
import { countGraph, isHealthy, readStepOutcomes } from './runSummary';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const STORAGE_DIR = path.join(PROJECT_ROOT, '.j1-integration');
const USAGE = `npm start: collects a Qualys subscription into .j1-integration/ (JupiterOne SDK collect).

With QUALYS_API_URL, QUALYS_USERNAME and QUALYS_PASSWORD set (environment or
.env) it collects from Qualys; with none of them, from the built-in simulator
(a demo, said so in its first line). After a run whose steps all succeeded
against Qualys, the next run is incremental unless FORCE_FULL_RUN=true.
Settings, knobs and exit codes: README.md.`;

/** Where the start of the last successful run against Qualys is kept. */
const LAST_RUN_FILE = path.join(PROJECT_ROOT, '.j1-integration-last-run.json');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg === '--help' || arg === '-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length) {
    // A run empties .j1-integration: nothing starts on words it does not know.
    console.error(`npm start takes no arguments (got: ${args.join(' ')}); settings come from the environment or .env.\n\n${USAGE}`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  const dotEnv = readSettingsDotEnv(path.join(PROJECT_ROOT, '.env'), process.env);
  if (dotEnv.problems.length) {
    console.error(`Fix .env first: the collection would not read it as written.\n${dotEnv.problems.map((p) => `  - ${p}`).join('\n')}`);
    return 2;
  }
  const configured = { ...dotEnv.values, ...process.env };
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

  // The last run only counts for the same subscription, user and settings.
  const subscription = runIdentity(env.QUALYS_API_URL ?? configured.QUALYS_API_URL ?? '', env.QUALYS_USERNAME ?? configured.QUALYS_USERNAME, configured);
  const lastRun = simulator ? undefined : readLastRun(LAST_RUN_FILE, subscription);
  if (lastRun !== undefined && !forcesFullRun(configured.FORCE_FULL_RUN)) {
    env.QUALYS_LAST_SUCCESSFUL_RUN = String(lastRun);
    console.log(`Incremental run: asking only for changes since the last successful run (${new Date(lastRun).toISOString()}); FORCE_FULL_RUN=true for a full one.`);
  }

  const startedAt = Date.now();
  try {
    const exitCode = await runCollect(env);
    const code = report(exitCode);
    if (code === 0 && !simulator) writeLastRun(LAST_RUN_FILE, subscription, startedAt);
    return code;
  } finally {
    await simulator?.close();
  }
}

/** The signal that stopped the run (Ctrl-C is SIGINT), if one did. */
let stoppedBy: NodeJS.Signals | undefined;

function runCollect(env: NodeJS.ProcessEnv): Promise<number> {
  const cli = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration');
  return new Promise((resolve) => {
    const child = spawn(cli, ['collect'], { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    // Stopping npm start stops the collection too, rather than leaving it
    // running on its own.
    const forward = (signal: NodeJS.Signals) => () => {
      stoppedBy = signal;
      child.kill(signal);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, forward(signal));
    child.on('error', (err) => {
      console.error(`Could not start the JupiterOne CLI (${err.message}); run npm ci first.`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function report(collectExitCode: number): number {
  if (stoppedBy) {
    console.error(`\nThe collection was stopped (${stoppedBy}) before it finished; this run does not count as the last successful one.`);
    return 128 + (os.constants.signals[stoppedBy] ?? 2);
  }
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

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
