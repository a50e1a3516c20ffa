import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineFacts } from './machine';
import { gnuTimeAvailable, killRunningChildren } from './measure';
import { RunContext, bestOf, runParseFloor, runProduct, runSdkFloor, scratchesInUse } from './runs';
import { PRODUCT_SETTINGS } from './settings';
import { killRunningSimulators, startSimulatorProcess } from './simulatorHandle';
import { consoleSummary, resultsMarkdown } from './table';
import { BenchSetup, SizeResult } from './types';

/**
 * `npm run bench`: the host-findings ladder. For each size, a fresh simulator
 * process, then the parse floor, the product and the SDK floor, each a
 * measured child process; then the table, printed and written to
 * bench/results.md (rewritten after every size, so a long run that is
 * stopped keeps what it measured).
 */

const PROJECT_ROOT = path.resolve(__dirname, '..');

/**
 * bench/results.md is the committed record of the targets, measured at 50k
 * hosts; a smaller ladder writes beside the logs instead of replacing it.
 */
function defaultResultsFile(sizes: readonly number[]): string {
  return sizes.some((hosts) => hosts >= 50_000)
    ? path.join(PROJECT_ROOT, 'bench/results.md')
    : path.join(PROJECT_ROOT, 'bench/out/results.md');
}

const USAGE = `usage: npm run bench -- [options]
  --sizes LIST           host counts, comma-separated (1000,10000,50000)
  --with-100k            add 100,000 hosts to the ladder
  --detections N         mean detections per host (20)
  --seed N               simulator seed (1)
  --web-apps N           simulated web apps (4), each with --findings N findings (6)
  --out FILE             results file (bench/results.md for a ladder reaching 50,000 hosts;
                         else bench/out/results.md, so a quick look never replaces the record),
                         written when every size is measured (until then: <log-dir>/results.partial.md)
  --log-dir DIR          child logs and summaries (bench/out)
  --quiet-wait S         wait up to S seconds for the machine to be idle before each run (60; 0: never)
  --heap-cap MIB         run the three measured children with --max-old-space-size=MIB
                         (peak RSS of an uncapped heap varies by hundreds of MiB between runs)
  --repeat N             measure each run N times and keep the fastest (1); on a shared
                         machine other work only ever adds time
  --keep                 keep the scratch projects and their .j1-integration output`;

interface Options {
  sizes: number[];
  detections: number;
  seed: number;
  webApps: number;
  findings: number;
  out: string;
  logDir: string;
  quietWaitMs: number;
  heapCapMiB?: number;
  repeat: number;
  keep: boolean;
}

/** A mistake in the command line: told with the usage, without a stack. */
class UsageError extends Error {}

function readOptions(argv: string[]): Options {
  try {
    return parseOptions(argv);
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,10000,50000' },
      'with-100k': { type: 'boolean', default: false },
      detections: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      'web-apps': { type: 'string', default: '4' },
      findings: { type: 'string', default: '6' },
      out: { type: 'string' },
      'log-dir': { type: 'string', default: path.join(PROJECT_ROOT, 'bench/out') },
      'quiet-wait': { type: 'string', default: '60' },
      'heap-cap': { type: 'string' },
      repeat: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const whole = (name: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} needs a whole number, not "${raw}"`);
    return n;
  };
  const sizes = values.sizes.split(',').map((s) => whole('sizes', s.trim()));
  if (values['with-100k'] && !sizes.includes(100_000)) sizes.push(100_000);
  if (!sizes.length || sizes.some((n) => n < 1)) throw new Error(`--sizes needs host counts of 1 or more, not "${values.sizes}"`);
  return {
    sizes,
    detections: whole('detections', values.detections),
    seed: whole('seed', values.seed),
    webApps: whole('web-apps', values['web-apps']),
    findings: whole('findings', values.findings),
    out: path.resolve(values.out ?? defaultResultsFile(sizes)),
    logDir: path.resolve(values['log-dir']),
    quietWaitMs: whole('quiet-wait', values['quiet-wait']) * 1000,
    heapCapMiB: values['heap-cap'] === undefined ? undefined : whole('heap-cap', values['heap-cap']),
    repeat: Math.max(1, whole('repeat', values.repeat)),
    keep: values.keep,
  };
}

/** 15 minutes at 50k hosts, in proportion above and below, never under 3 minutes. */
function timeoutFor(hosts: number): number {
  return Math.max(3 * 60_000, Math.ceil((hosts / 50_000) * 15 * 60_000));
}

async function benchSize(hosts: number, options: Options): Promise<SizeResult> {
  const ctx: RunContext = {
    projectRoot: PROJECT_ROOT,
    logDir: path.join(options.logDir, String(hosts)),
    timeoutMs: timeoutFor(hosts),
    quietWaitMs: options.quietWaitMs,
    heapCapMiB: options.heapCapMiB,
    keepScratch: options.keep,
  };
  const sim = await startSimulatorProcess({
    hosts,
    detectionsPerHost: options.detections,
    seed: options.seed,
    webApps: options.webApps,
    findingsPerWebApp: options.findings,
    projectRoot: PROJECT_ROOT,
    logDir: ctx.logDir,
  });
  const result: SizeResult = { hosts, expectedDetections: sim.detections, problems: [] };
  const tag = `[${hosts.toLocaleString('en-US')} hosts]`;
  const report = (what: string, seconds: number, mib: number, extra = ''): void =>
    console.log(`${tag} ${what} ${seconds.toFixed(1)} s, ${Math.round(mib)} MiB${extra}`);
  console.log(`${tag} simulator ${sim.url} (pid ${sim.pid}), ${sim.detections.toLocaleString('en-US')} detections`);

  try {
    const parse = await bestOf(options.repeat, (label) => runParseFloor(ctx, sim, label), 'parse-floor');
    result.parse = parse.run;
    result.problems.push(...parse.problems);
    report('parse floor', parse.run.measurement.wallSeconds, parse.run.measurement.peakRssMiB);

    const product = await bestOf(options.repeat, (label) => runProduct(ctx, sim, label), 'product');
    result.product = product.run;
    result.problems.push(...product.problems);
    const findings = product.run.census.entitiesByType.qualys_host_finding ?? 0;
    report('product', product.run.measurement.wallSeconds, product.run.measurement.peakRssMiB, `, ${findings.toLocaleString('en-US')} findings, ${product.run.calls.total} calls`);
  } finally {
    if (!(await sim.stop())) result.problems.push('the simulator had to be killed');
  }

  // The SDK floor needs no simulator: it writes what the product wrote.
  if (result.product) {
    const productCensus = result.product.census;
    const floor = await bestOf(options.repeat, (label) => runSdkFloor(ctx, productCensus, label), 'sdk-floor');
    result.floor = floor.run;
    result.problems.push(...floor.problems);
    report('SDK floor', floor.run.measurement.wallSeconds, floor.run.measurement.peakRssMiB);
  }
  return result;
}

function cleanUpAndExit(code: number): never {
  killRunningChildren();
  killRunningSimulators();
  for (const scratch of scratchesInUse) scratch.remove();
  process.exit(code);
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  process.once('SIGINT', () => cleanUpAndExit(130));
  process.once('SIGTERM', () => cleanUpAndExit(143));

  const setup: BenchSetup = {
    sizes: options.sizes,
    detectionsPerHost: options.detections,
    seed: options.seed,
    webApps: options.webApps,
    findingsPerWebApp: options.findings,
    productSettings: PRODUCT_SETTINGS,
    machine: machineFacts(),
    method: gnuTimeAvailable() ? 'GNU time (/usr/bin/time -f "%e %U %S %M")' : 'polling /proc (VmHWM and CPU ticks of the process tree)',
    quietWaitSeconds: options.quietWaitMs / 1000,
    heapCapMiB: options.heapCapMiB,
    startedAt: new Date(),
    repeat: options.repeat,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
  };
  const results: SizeResult[] = [];
  // The sizes measured so far go to a file of their own after each size: a
  // ladder stopped halfway never replaces the results file with a part.
  const partial = path.join(options.logDir, 'results.partial.md');
  for (const hosts of options.sizes) {
    results.push(await benchSize(hosts, options));
    fs.mkdirSync(path.dirname(partial), { recursive: true });
    fs.writeFileSync(partial, resultsMarkdown(setup, results));
  }
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, resultsMarkdown(setup, results));
  fs.rmSync(partial, { force: true });
  console.log(`\n${consoleSummary(results)}\n\nWritten to ${path.relative(process.cwd(), options.out)}`);
  if (results.some((r) => r.problems.length)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  killRunningChildren();
  killRunningSimulators();
  for (const scratch of scratchesInUse) scratch.remove();
  process.exit(1);
});
