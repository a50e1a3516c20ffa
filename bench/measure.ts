import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs one child process to completion and measures it: wall time, CPU time
 * (user + system) and peak resident memory. GNU time does the measuring when
 * it is installed, since it reads the kernel's own accounting for the waited
 * child; without it, /proc is polled for the process tree instead, which can
 * miss a short peak between two samples and a child's last CPU slice.
 */

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 100;
/** After SIGTERM on a timeout, how long the child gets before SIGKILL. */
const KILL_GRACE_MS = 5_000;

export interface MeasureRequest {
  /** Short name, used for the log file names. */
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Folder for `<label>.out`, `<label>.err` and `<label>.time`. */
  logDir: string;
}

export interface Measurement {
  label: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Which way the numbers were taken. */
  method: 'gnu-time' | 'proc-poll';
  /** 1-minute load average when the child started: other work on the machine shows here. */
  loadAtStart: number;
  stdoutFile: string;
  stderrFile: string;
}

/** Process groups of children still running, so an interrupted bench can end them. */
const running = new Set<number>();

/** Ends every measured child still running (by its process group id). */
export function killRunningChildren(): void {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
  running.clear();
}

export function gnuTimeAvailable(): boolean {
  return process.env.BENCH_NO_GNU_TIME !== '1' && fs.existsSync(GNU_TIME);
}

export async function measure(request: MeasureRequest): Promise<Measurement> {
  fs.mkdirSync(request.logDir, { recursive: true });
  const files = {
    out: path.join(request.logDir, `${request.label}.out`),
    err: path.join(request.logDir, `${request.label}.err`),
    time: path.join(request.logDir, `${request.label}.time`),
  };
  const useGnuTime = gnuTimeAvailable();
  // %e wall s, %U user s, %S system s, %M peak RSS in KiB (of the largest process waited for).
  const [command, args] = useGnuTime
    ? [GNU_TIME, ['-o', files.time, '-f', '%e %U %S %M', request.command, ...request.args]]
    : [request.command, request.args];

  const out = fs.openSync(files.out, 'w');
  const err = fs.openSync(files.err, 'w');
  const loadAtStart = os.loadavg()[0];
  const started = process.hrtime.bigint();
  // Its own process group, so a timeout ends GNU time and node together.
  const child = spawn(command, args, {
    cwd: request.cwd,
    env: request.env,
    stdio: ['ignore', out, err],
    detached: true,
  });
  fs.closeSync(out);
  fs.closeSync(err);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${request.label}: could not start ${command}`);
  running.add(pid);

  const poll = useGnuTime ? undefined : new TreePoller(pid);
  const pollTimer = poll ? setInterval(() => poll.sample(), POLL_MS) : undefined;

  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timeout = setTimeout(() => {
    timedOut = true;
    signalGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  }, request.timeoutMs);

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearTimeout(timeout);
  if (killTimer) clearTimeout(killTimer);
  if (pollTimer) clearInterval(pollTimer);
  running.delete(pid);

  const base = {
    label: request.label,
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    loadAtStart,
    stdoutFile: files.out,
    stderrFile: files.err,
  };
  if (useGnuTime) {
    const timed = readGnuTime(files.time);
    // GNU time exits with the child's code; a killed child leaves no figures.
    return {
      ...base,
      method: 'gnu-time',
      wallSeconds: timed?.wall ?? wallSeconds,
      cpuSeconds: timed?.cpu ?? Number.NaN,
      peakRssMiB: timed ? timed.rssKiB / 1024 : Number.NaN,
    };
  }
  return {
    ...base,
    method: 'proc-poll',
    wallSeconds,
    cpuSeconds: poll ? poll.cpuSeconds() : Number.NaN,
    peakRssMiB: poll ? poll.peakKiB / 1024 : Number.NaN,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function readGnuTime(file: string): { wall: number; cpu: number; rssKiB: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // "Command exited with non-zero status N" may precede the figures.
  const line = text.trim().split('\n').pop() ?? '';
  const parts = line.trim().split(/\s+/).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [wall, user, system, rssKiB] = parts;
  return { wall, cpu: user + system, rssKiB };
}

/**
 * The /proc fallback: samples VmHWM of every process in the child's tree and
 * keeps the largest, and keeps the last CPU ticks seen per process. Only a
 * process's own ticks are summed (a parent's count of its reaped children
 * would count them twice), so the last slice before each exit is missed.
 */
class TreePoller {
  peakKiB = 0;
  private readonly ticks = new Map<number, number>();
  private readonly ticksPerSecond = 100;

  constructor(private readonly root: number) {}

  sample(): void {
    for (const pid of this.tree()) {
      const status = readProc(pid, 'status');
      const hwm = status ? /^VmHWM:\s+(\d+)\s+kB/m.exec(status) : null;
      if (hwm) this.peakKiB = Math.max(this.peakKiB, Number(hwm[1]));
      const stat = readProc(pid, 'stat');
      if (stat) {
        // After the parenthesised command name, utime and stime are fields 14 and 15 of proc(5).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
        this.ticks.set(pid, ticks);
      }
    }
  }

  cpuSeconds(): number {
    let total = 0;
    for (const ticks of this.ticks.values()) total += ticks;
    return total / this.ticksPerSecond;
  }

  private tree(): number[] {
    const found: number[] = [];
    const queue = [this.root];
    while (queue.length) {
      const pid = queue.shift() as number;
      found.push(pid);
      const children = readProc(pid, `task/${pid}/children`);
      if (children) queue.push(...children.trim().split(/\s+/).filter(Boolean).map(Number));
    }
    return found;
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
