import fs from 'node:fs';
import path from 'node:path';
import { EndpointCounts, countsBetween } from './endpoints';
import { floorPlan } from './floorPlan';
import { TRACE_GC_FLAG, largestLiveHeapMiB } from './gcTrace';
import { GraphCensus, censusOf, failedSteps } from './graphCensus';
import { QUIET_BUSY_SHARE, flushDirtyPages, machineBusySeconds, processCpuSeconds, waitForQuietMachine } from './machine';
import { MeasureRequest, measure } from './measure';
import { ScratchProject, collectCommand, productScratch, sdkFloorScratch } from './scratch';
import { cleanEnvironment, productEnvironment } from './settings';
import { SimulatorHandle } from './simulatorHandle';
import { FloorRun, MeasuredRun, ParseFloorCounts, ParseRun, ProductRun } from './types';

/**
 * The three measured runs of one size: parse floor, product, SDK floor.
 * Each prepares its child (scratch project, environment), measures it, and
 * checks what it did, returning the problems it found.
 */

export interface RunContext {
  projectRoot: string;
  logDir: string;
  timeoutMs: number;
  /** Longest wait for a quiet machine before a run (0: none). */
  quietWaitMs: number;
  heapCapMiB?: number;
  keepScratch: boolean;
}

export interface Attempt<T> {
  run: T;
  problems: string[];
}

/** Scratch projects in use, so an interrupted bench removes them. */
export const scratchesInUse = new Set<ScratchProject>();

/** The heap cap, if any, added to a child's environment. */
function withHeapCap(env: NodeJS.ProcessEnv, heapCapMiB: number | undefined): NodeJS.ProcessEnv {
  if (heapCapMiB === undefined) return env;
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapCapMiB}`.trim() };
}

/** A child to measure; the run's context supplies its time limit and log folder. */
type ChildSpec = Omit<MeasureRequest, 'timeoutMs' | 'logDir'>;

/** Runs one measured child, noting what the simulator and the rest of the machine used meanwhile. */
async function measuredRun(spec: ChildSpec, ctx: RunContext, sim?: SimulatorHandle): Promise<MeasuredRun> {
  const request: MeasureRequest = { ...spec, timeoutMs: ctx.timeoutMs, logDir: ctx.logDir };
  flushDirtyPages();
  const busyBefore = ctx.quietWaitMs > 0 ? await waitForQuietMachine(QUIET_BUSY_SHARE, ctx.quietWaitMs) : undefined;
  const simBefore = sim ? processCpuSeconds(sim.pid) : undefined;
  const machineBefore = machineBusySeconds();
  const measurement = await measure({ ...request, env: withHeapCap(request.env, ctx.heapCapMiB) });
  const machineAfter = machineBusySeconds();
  const simAfter = sim ? processCpuSeconds(sim.pid) : undefined;
  const simulatorCpuSeconds = simBefore !== undefined && simAfter !== undefined ? simAfter - simBefore : undefined;
  const otherCpuSeconds =
    machineBefore !== undefined && machineAfter !== undefined
      ? Math.max(0, machineAfter - machineBefore - measurement.cpuSeconds - (simulatorCpuSeconds ?? 0))
      : undefined;
  return {
    measurement,
    contention: { busyBefore, simulatorCpuSeconds, otherCpuSeconds },
    liveHeapMiB: largestLiveHeapMiB(measurement.stdoutFile),
    attemptWallSeconds: [measurement.wallSeconds],
  };
}

/** A child asking the simulator: measured, with the API calls it made counted. */
async function simulatorRun(spec: ChildSpec, ctx: RunContext, sim: SimulatorHandle): Promise<{ run: MeasuredRun; calls: EndpointCounts }> {
  const before = await sim.stats();
  const run = await measuredRun(spec, ctx, sim);
  return { run, calls: countsBetween(before, await sim.stats()) };
}

/** The run's own failure (timeout, exit code) as the first of its problems, if any. */
function failuresOf(run: MeasuredRun): string[] {
  const failure = describeFailure(run);
  return failure ? [failure] : [];
}

function describeFailure(run: MeasuredRun): string | undefined {
  const m = run.measurement;
  if (m.timedOut) return `${m.label} timed out and was killed (log: ${m.stderrFile})`;
  if (m.exitCode !== 0) return `${m.label} exited with ${m.exitCode ?? m.signal} (log: ${m.stderrFile})`;
  return undefined;
}

function readParseCounts(file: string): ParseFloorCounts | undefined {
  const line = fs.readFileSync(file, 'utf8').trim().split('\n').reverse().find((l) => l.startsWith('counts '));
  return line ? (JSON.parse(line.slice('counts '.length)) as ParseFloorCounts) : undefined;
}

/** Keeps the run's summary.json in the log folder, then removes the scratch project unless asked to keep it. */
function finishScratch(scratch: ScratchProject, ctx: RunContext, label: string): GraphCensus {
  const census = censusOf(scratch.outputDir);
  const summary = path.join(scratch.outputDir, 'summary.json');
  if (fs.existsSync(summary)) fs.copyFileSync(summary, path.join(ctx.logDir, `${label}.summary.json`));
  if (ctx.keepScratch) console.log(`  kept ${scratch.dir}`);
  else scratch.remove();
  scratchesInUse.delete(scratch);
  return census;
}

export async function runParseFloor(ctx: RunContext, sim: SimulatorHandle, label: string): Promise<Attempt<ParseRun>> {
  const { run, calls } = await simulatorRun(
    {
      label,
      command: process.execPath,
      args: [TRACE_GC_FLAG, '-r', 'ts-node/register/transpile-only', path.join(ctx.projectRoot, 'bench/parseFloor.ts')],
      cwd: ctx.projectRoot,
      env: productEnvironment(sim.url),
    },
    ctx,
    sim,
  );
  const counts = readParseCounts(run.measurement.stdoutFile);
  const problems = failuresOf(run);
  if (!problems.length && counts?.detections !== sim.detections) {
    problems.push(`${label} read ${counts?.detections ?? 'no'} detections, the simulator holds ${sim.detections}`);
  }
  return { run: { ...run, counts, calls }, problems };
}

export async function runProduct(ctx: RunContext, sim: SimulatorHandle, label: string): Promise<Attempt<ProductRun>> {
  const scratch = productScratch(ctx.projectRoot);
  scratchesInUse.add(scratch);
  const { run, calls } = await simulatorRun(
    { label, ...collectCommand(scratch, [TRACE_GC_FLAG]), cwd: scratch.dir, env: productEnvironment(sim.url) },
    ctx,
    sim,
  );
  const census = finishScratch(scratch, ctx, label);
  const problems = failuresOf(run);
  for (const step of failedSteps(census)) problems.push(`${label} step ${step}`);
  const written = census.entitiesByType.qualys_host_finding ?? 0;
  if (written !== sim.detections) problems.push(`${label} wrote ${written} host findings, the simulator holds ${sim.detections} detections`);
  return { run: { ...run, census, calls }, problems };
}

export async function runSdkFloor(ctx: RunContext, product: GraphCensus, label: string): Promise<Attempt<FloorRun>> {
  const scratch = sdkFloorScratch(ctx.projectRoot);
  scratchesInUse.add(scratch);
  const run = await measuredRun(
    { label, ...collectCommand(scratch, [TRACE_GC_FLAG]), cwd: scratch.dir, env: { ...cleanEnvironment(), ...floorPlan(product) } },
    ctx,
  );
  const census = finishScratch(scratch, ctx, label);
  const problems = failuresOf(run);
  for (const step of failedSteps(census)) problems.push(`${label} step ${step}`);
  if (census.entities !== product.entities || census.relationships !== product.relationships) {
    problems.push(`${label} wrote ${census.entities} entities / ${census.relationships} relationships, the product ${product.entities} / ${product.relationships}`);
  }
  return { run: { ...run, census }, problems };
}

/**
 * Runs a measurement `times` times and keeps the fastest attempt that had no
 * problem (the least disturbed by other work: disturbance only ever adds
 * time); every attempt's problems are reported, and every wall time kept.
 */
export async function bestOf<T extends MeasuredRun>(
  times: number,
  attempt: (label: string) => Promise<Attempt<T>>,
  label: string,
): Promise<Attempt<T>> {
  const attempts: Attempt<T>[] = [];
  for (let i = 1; i <= times; i++) attempts.push(await attempt(i === 1 ? label : `${label}-${i}`));
  const clean = attempts.filter((a) => a.problems.length === 0);
  const pool = clean.length ? clean : attempts;
  const best = pool.reduce((a, b) => (b.run.measurement.wallSeconds < a.run.measurement.wallSeconds ? b : a));
  return {
    run: { ...best.run, attemptWallSeconds: attempts.map((a) => a.run.measurement.wallSeconds) },
    problems: attempts.flatMap((a) => a.problems),
  };
}
