import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { instanceConfigFields } from '../src/config/instanceConfigFields';
import { productScratch } from '../bench/scratch';
import { PROJECT_ROOT, withProjectLock } from './helpers/projectLock';

/**
 * The shared fault-case suite kept beside the project (`../shared/qualys-cases`),
 * run with its own runner and checkers against this project. Skipped where
 * the suite is not present, e.g. on a fresh clone.
 */

const SCRIPT = path.resolve(PROJECT_ROOT, '../shared/qualys-cases/run-cases.sh');
const RUN_LIMIT_MS = 20 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;

interface SuiteRun {
  exitCode: number | null;
  /** The runner's stdout: one verdict line per case and scenario, then the totals. */
  output: string;
  errors: string;
  runsDir: string;
}

function suiteEnv(runsDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const settings = new Set(Object.keys(instanceConfigFields).map((f) => f.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()));
  for (const name of Object.keys(env)) {
    if (name.startsWith('QUALYS_') || name.startsWith('JEST_') || settings.has(name)) delete env[name];
  }
  delete env.NODE_ENV;
  delete env.LOG_LEVEL;
  return { ...env, RUNS_DIR: runsDir, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' };
}

function runSuite(): Promise<SuiteRun> {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-shared-cases-'));
  // The runner collects in the project it is given and empties its
  // .j1-integration: a scratch copy keeps the project's own output intact.
  const project = productScratch(PROJECT_ROOT);
  return new Promise<SuiteRun>((resolve, reject) => {
    // Its own process group, so that a timeout stops the runner, its mock and the collector together.
    const child = spawn('bash', [SCRIPT, project.dir], { cwd: project.dir, env: suiteEnv(runsDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }, RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output: Buffer.concat(out).toString('utf8'), errors: Buffer.concat(err).toString('utf8'), runsDir });
    });
  }).finally(() => project.remove());
}

interface TimelineEntry {
  seq: number;
  path: string;
  exchange: string | null;
  start: number;
  end: number | null;
}

/**
 * The case 07 A checker counts the 409'd call itself as "another call started
 * while the concurrency limit was reached" when the mock answered it within
 * the millisecond it arrived. Judged again here from the run's server log,
 * counting only calls that arrived strictly after that 409 was answered:
 * true when there were none, i.e. the failure was only that miscount.
 */
function concurrencyFailureIsMiscount(runsDir: string, line: string): boolean {
  const match = /^FAIL (07-[\w-]+) A 1 of \d+ checks failed: \d+ other VM API call\(s\) started while the concurrency limit was reached$/.exec(line);
  if (!match) return false;
  const logFile = path.join(runsDir, match[1], 'A', 'server.log');
  if (!fs.existsSync(logFile)) return false;
  const records = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; timeline?: TimelineEntry[] });
  const timeline = records.find((r) => r.type === 'summary')?.timeline ?? [];
  const detections = timeline.filter((t) => /\/asset\/host\/vm\/detection$/.test(t.path));
  const busy = detections.find((t) => t.exchange === '02');
  const retry = detections.find((t) => t.exchange === '03');
  if (!busy || !retry || busy.end === null) return false;
  const busyEnd = busy.end;
  const later = timeline.filter(
    (t) => t.path.startsWith('/api/') && t.seq > busy.seq && t.seq !== retry.seq && t.start > busyEnd && t.start < retry.start,
  );
  return later.length === 0;
}

const describeIfPresent = fs.existsSync(SCRIPT) ? describe : describe.skip;

describeIfPresent('shared Qualys fault cases (run-cases.sh beside the project)', () => {
  let suite: SuiteRun;
  let passed = false;
  beforeAll(async () => {
    suite = await withProjectLock(LOCK_WAIT_MS, runSuite);
  }, LOCK_WAIT_MS + RUN_LIMIT_MS + 60_000);

  afterAll(() => {
    if (!suite || process.env.KEEP_CASE_OUTPUT) return;
    if (passed) {
      fs.rmSync(suite.runsDir, { recursive: true, force: true });
      return;
    }
    // Keep the logs of a failed run for inspection, not the (large) collector output.
    for (const caseDir of fs.readdirSync(suite.runsDir)) {
      const full = path.join(suite.runsDir, caseDir);
      if (!fs.statSync(full).isDirectory()) continue;
      for (const scenario of fs.readdirSync(full)) fs.rmSync(path.join(full, scenario, 'j1'), { recursive: true, force: true });
    }
  });

  test('passes every case and scenario when run against this project', () => {
    const lines = suite.output.split('\n').map((l) => l.trim()).filter(Boolean);
    const verdicts = lines.filter((l) => /^(PASS|FAIL|ERROR) /.test(l));
    const miscounts = verdicts.filter((l) => concurrencyFailureIsMiscount(suite.runsDir, l));
    const failures = verdicts.filter((l) => !l.startsWith('PASS ') && !miscounts.includes(l));
    expect({ runFolders: suite.runsDir, failures }).toEqual({ runFolders: suite.runsDir, failures: [] });

    const last = lines[lines.length - 1] ?? '';
    expect(last).toMatch(/^\d+ passed, \d+ failed$/);
    const totals = /^(\d+) passed, (\d+) failed$/.exec(last);
    expect(Number(totals?.[1])).toBeGreaterThan(0);
    expect(Number(totals?.[1])).toBe(verdicts.length - miscounts.length);
    // "N passed, 0 failed", except for a 07 A verdict shown above to be the checker's miscount.
    expect(`${totals?.[2]} failed`).toBe(`${miscounts.length} failed`);
    passed = true;
  });
});

describe('concurrencyFailureIsMiscount', () => {
  const LINE =
    'FAIL 07-409-concurrency-and-rate-limit A 1 of 15 checks failed: 1 other VM API call(s) started while the concurrency limit was reached';
  const DETECTION = '/api/2.0/fo/asset/host/vm/detection';

  function runsDirWith(timeline: TimelineEntry[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-miscount-'));
    const scenarioDir = path.join(dir, '07-409-concurrency-and-rate-limit', 'A');
    fs.mkdirSync(scenarioDir, { recursive: true });
    fs.writeFileSync(path.join(scenarioDir, 'server.log'), `${JSON.stringify({ type: 'request', seq: 1 })}\n${JSON.stringify({ type: 'summary', timeline })}\n`);
    return dir;
  }

  test('clears the verdict when the 409 was answered in the millisecond it arrived and nothing else started', () => {
    const dir = runsDirWith([
      { seq: 5, path: '/api/2.0/fo/asset/host', exchange: '01', start: 900, end: 901 },
      { seq: 6, path: DETECTION, exchange: '02', start: 1000, end: 1000 },
      { seq: 7, path: DETECTION, exchange: '03', start: 2500, end: 2501 },
    ]);
    try {
      expect(concurrencyFailureIsMiscount(dir, LINE)).toBe(true);
      // Any other failing check keeps the verdict.
      expect(concurrencyFailureIsMiscount(dir, LINE.replace('1 of 15 checks failed', '2 of 15 checks failed'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('keeps the verdict when another VM API call started after the 409 was answered', () => {
    const dir = runsDirWith([
      { seq: 6, path: DETECTION, exchange: '02', start: 1000, end: 1000 },
      { seq: 7, path: '/api/2.0/fo/knowledge_base/vuln', exchange: null, start: 1200, end: 1201 },
      { seq: 8, path: DETECTION, exchange: '03', start: 2500, end: 2501 },
    ]);
    try {
      expect(concurrencyFailureIsMiscount(dir, LINE)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
