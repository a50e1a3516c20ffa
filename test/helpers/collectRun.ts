import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { instanceConfigFields } from '../../src/config/instanceConfigFields';
import { ScratchProject, productScratch } from '../../bench/scratch';
import { CaseServer, RecordedRequest } from './caseServer';
import { PROJECT_ROOT, withProjectLock } from './projectLock';

/**
 * Runs the real collector (`j1-integration collect`, the CLI a user runs)
 * against a case server, and gathers everything a test may assert: exit code,
 * log, `.j1-integration/summary.json`, the graph files, and the requests the
 * server recorded. Each run is made in a scratch copy of the project, because
 * the CLI empties `<cwd>/.j1-integration`: the project's own folder (a user's
 * last collection) is never touched. Runs still hold the project lock, so
 * that timing-sensitive cases do not compete for the cores.
 */

export type GraphObject = Record<string, unknown>;

export interface StepResult {
  id: string;
  name: string;
  status: string;
  declaredTypes: string[];
  encounteredTypes: string[];
  partialTypes: string[];
}

export interface CollectSummary {
  integrationStepResults: StepResult[];
  metadata?: { partialDatasets?: { types?: string[] } };
}

export interface CollectOutcome {
  caseName: string;
  scenario?: string;
  username: string;
  password: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  /** Peak resident memory of the collector process (Linux only). */
  peakRssKb?: number;
  /** stdout and stderr of the collector, in arrival order, colours removed. */
  log: string;
  summary?: CollectSummary;
  /** Entities without `_rawData` (reduced when the run asked for it). */
  entities: GraphObject[];
  /** Relationships (reduced when the run asked for it). */
  relationships: GraphObject[];
  /** Entities and relationships by `_type`, counted before any reduction. */
  countsByType: Map<string, number>;
  duplicateKeys: string[];
  /** Output files (relative to `.j1-integration`) holding the password or the Basic credentials. */
  filesWithCredentials: string[];
  logHasCredentials: boolean;
  /** Property values no entity or mapped target should carry, as "type key property: value". */
  badValues: string[];
  /** Length of the longest text property of any entity or mapped target. */
  longestText: number;
  requests: RecordedRequest[];
  /** Exchanges of the scenario the collector never reached. */
  unserved: string[];
}

export interface CollectOptions {
  scenario?: string;
  /** Stop the collector after this long (default 3 minutes). */
  timeoutMs?: number;
  /** Keeps only what a test needs of each graph object (for very large graphs). */
  reduce?: (object: GraphObject) => GraphObject;
  /** Extra environment for the collector. */
  env?: Record<string, string>;
}

const USERNAME = 'case-user';
/** Longest wait for other collector runs in this project to finish. */
const LOCK_WAIT_MS = 15 * 60_000;
/** For `beforeAll` hooks that collect: the lock wait plus a long run. */
export const COLLECT_HOOK_TIMEOUT_MS = LOCK_WAIT_MS + 11 * 60_000;

const envName = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The collector's environment: the inherited one without any setting of the
 * integration (so a developer's shell or `.env` cannot change a case), then
 * the configuration the cases assume: VMDR and WAS on, severities 1-5,
 * types Confirmed and Potential.
 */
function collectorEnv(url: string, password: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('QUALYS_') || name.startsWith('JEST_')) delete env[name];
  }
  delete env.NODE_ENV;
  delete env.LOG_LEVEL;
  for (const field of Object.keys(instanceConfigFields)) env[envName(field)] = '';
  Object.assign(env, {
    QUALYS_API_URL: url,
    QUALYS_USERNAME: USERNAME,
    QUALYS_PASSWORD: password,
    ENABLE_VMDR: 'true',
    ENABLE_WAS: 'true',
    VMDR_FINDING_SEVERITIES: '1,2,3,4,5',
    VMDR_FINDING_TYPES: 'Confirmed,Potential',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    ...extra,
  });
  return env;
}

interface Exit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  peakRssKb?: number;
  log: string;
}

/** The process's resident-memory high-water mark, from /proc (undefined elsewhere). */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function runCli(project: ScratchProject, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [project.cli, 'collect'], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    let peakRssKb: number | undefined;
    const sampler = setInterval(() => {
      const sample = child.pid ? peakRssOf(child.pid) : undefined;
      if (sample !== undefined) peakRssKb = Math.max(peakRssKb ?? 0, sample);
    }, 100);
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }, 5_000);
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (killTimer) clearTimeout(killTimer);
      const log = Buffer.concat(chunks).toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
      resolve({ exitCode, signal, timedOut, peakRssKb, log });
    });
  });
}

function* filesUnder(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BROKEN_TEXT = ['NaN', 'Invalid Date', 'undefined', 'null', 'INVALID_TAGS'];

/** Finds property values that betray a conversion fault. */
function inspectObject(object: GraphObject, found: string[], longest: { length: number }): void {
  const where = `${String(object._type)} ${String(object._key)}`;
  const report = (message: string) => {
    if (found.length < 50) found.push(`${where} ${message}`);
  };
  for (const [name, value] of Object.entries(object)) {
    if (name === '_rawData' || name === '_mapping') continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === null) report(`${name}: null`);
      else if (typeof item === 'object') report(`${name}: an object ${JSON.stringify(item).slice(0, 80)}`);
      else if (typeof item === 'number' && !Number.isFinite(item)) report(`${name}: ${item}`);
      else if (typeof item === 'string') {
        longest.length = Math.max(longest.length, item.length);
        if (item.includes('[object Object]')) report(`${name}: contains [object Object]`);
        if (BROKEN_TEXT.includes(item)) report(`${name}: "${item}"`);
        if (CONTROL_CHARACTER.test(item)) report(`${name}: holds a control character`);
        if (item.includes('<![CDATA[')) report(`${name}: keeps a CDATA marker`);
      }
    }
    if (name === 'tags' && !(Array.isArray(value) && value.every((t) => typeof t === 'string'))) {
      report(`tags: not a list of text but ${JSON.stringify(value)}`);
    }
  }
}

function readOutput(outcome: CollectOutcome, outputDir: string, reduce: ((o: GraphObject) => GraphObject) | undefined): void {
  const secrets = [outcome.password, Buffer.from(`${outcome.username}:${outcome.password}`).toString('base64')];
  const keys = new Set<string>();
  const longest = { length: 0 };
  const count = (type: unknown) => outcome.countsByType.set(String(type), (outcome.countsByType.get(String(type)) ?? 0) + 1);
  const seeKey = (key: unknown) => {
    const text = String(key);
    if (keys.has(text)) outcome.duplicateKeys.push(text);
    keys.add(text);
  };

  for (const file of filesUnder(outputDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(outputDir, file);
    if (secrets.some((secret) => text.includes(secret))) outcome.filesWithCredentials.push(relative);
    if (relative === 'summary.json') {
      outcome.summary = JSON.parse(text) as CollectSummary;
      continue;
    }
    if (!relative.startsWith(`graph${path.sep}`) || !file.endsWith('.json')) continue;
    if (text.includes('[object Object]')) outcome.badValues.push(`${relative} contains [object Object]`);
    const document = JSON.parse(text) as { entities?: GraphObject[]; relationships?: GraphObject[] };
    for (const entity of document.entities ?? []) {
      delete entity._rawData;
      seeKey(entity._key);
      count(entity._type);
      inspectObject(entity, outcome.badValues, longest);
      outcome.entities.push(reduce ? reduce(entity) : entity);
    }
    for (const relationship of document.relationships ?? []) {
      seeKey(relationship._key);
      count(relationship._type);
      inspectObject(relationship, outcome.badValues, longest);
      const target = mappedTarget(relationship);
      if (target) inspectObject(target, outcome.badValues, longest);
      outcome.relationships.push(reduce ? reduce(relationship) : relationship);
    }
  }
  outcome.longestText = longest.length;
}

/** The target entity of a mapped relationship. */
export function mappedTarget(relationship: GraphObject): GraphObject | undefined {
  const mapping = relationship._mapping as { targetEntity?: GraphObject } | undefined;
  return mapping?.targetEntity;
}

/**
 * Runs one scenario of a case: a fresh case server and a fresh random
 * password, the collector until it exits, then the output is read (and
 * removed unless KEEP_CASE_OUTPUT is set).
 */
export async function collectCase(caseName: string, options: CollectOptions = {}): Promise<CollectOutcome> {
  return withProjectLock(LOCK_WAIT_MS, async () => {
    const password = `Pw-${crypto.randomBytes(12).toString('hex')}`;
    const server = await CaseServer.start(caseName, { scenario: options.scenario, username: USERNAME, password });
    const started = Date.now();
    const project = productScratch(PROJECT_ROOT);
    let exit: Exit;
    try {
      exit = await runCli(project, collectorEnv(server.url, password, options.env ?? {}), options.timeoutMs ?? 180_000);
    } catch (err) {
      project.remove();
      throw err;
    } finally {
      // Let the server see the connections close before it stops.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await server.close();
    }
    const outcome: CollectOutcome = {
      caseName,
      scenario: options.scenario,
      username: USERNAME,
      password,
      ...exit,
      durationMs: Date.now() - started,
      entities: [],
      relationships: [],
      countsByType: new Map(),
      duplicateKeys: [],
      filesWithCredentials: [],
      logHasCredentials: false,
      badValues: [],
      longestText: 0,
      requests: server.requests,
      unserved: server.unserved,
    };
    outcome.logHasCredentials = [password, Buffer.from(`${USERNAME}:${password}`).toString('base64')].some((s) =>
      exit.log.includes(s),
    );
    try {
      readOutput(outcome, project.outputDir, options.reduce);
    } finally {
      if (process.env.KEEP_CASE_OUTPUT) process.stderr.write(`case output kept in ${project.outputDir}\n`);
      else project.remove();
    }
    return outcome;
  });
}
