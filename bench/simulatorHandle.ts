import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { EndpointCounts } from './endpoints';

/** The parent's side of bench/simulatorProcess.ts: start, ask for counts, stop. */

const READY_TIMEOUT_MS = 60_000;
const ANSWER_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 10_000;

export interface SimulatorSpec {
  hosts: number;
  detectionsPerHost: number;
  seed: number;
  webApps: number;
  findingsPerWebApp: number;
  projectRoot: string;
  /** Its stderr goes to `simulator.err` here. */
  logDir: string;
}

export interface SimulatorHandle {
  url: string;
  pid: number;
  /** Detections the subscription holds: what a run with every filter open must write. */
  detections: number;
  /** Cumulative requests by endpoint so far. */
  stats(): Promise<EndpointCounts>;
  /** Stops it by PID; resolves with the final counts (undefined if it had to be killed). */
  stop(): Promise<EndpointCounts | undefined>;
}

/** PIDs of simulators still running, so an interrupted bench can end them. */
const running = new Set<number>();

export function killRunningSimulators(): void {
  for (const pid of running) signal(pid, 'SIGKILL');
  running.clear();
}

export async function startSimulatorProcess(spec: SimulatorSpec): Promise<SimulatorHandle> {
  fs.mkdirSync(spec.logDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      '-r', 'ts-node/register/transpile-only',
      path.join(spec.projectRoot, 'bench/simulatorProcess.ts'),
      '--hosts', String(spec.hosts),
      '--detections', String(spec.detectionsPerHost),
      '--seed', String(spec.seed),
      '--web-apps', String(spec.webApps),
      '--findings', String(spec.findingsPerWebApp),
    ],
    { cwd: spec.projectRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.pipe(fs.createWriteStream(path.join(spec.logDir, 'simulator.err')));
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the simulator process');
  running.add(pid);

  const lines = new LineWaiter(child);
  try {
    const listening = await lines.next('listening', READY_TIMEOUT_MS);
    const subscription = JSON.parse(await lines.next('subscription', ANSWER_TIMEOUT_MS)) as { detections: number };
    return {
      url: listening,
      pid,
      detections: subscription.detections,
      async stats() {
        child.stdin.write('stats\n');
        return JSON.parse(await lines.next('stats', ANSWER_TIMEOUT_MS)) as EndpointCounts;
      },
      async stop() {
        const gone = child.exitCode !== null || child.signalCode !== null;
        const exited = gone ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const final = lines.next('final', STOP_GRACE_MS).then(
          (text) => JSON.parse(text) as EndpointCounts,
          () => undefined,
        );
        signal(pid, 'SIGTERM');
        const killer = setTimeout(() => signal(pid, 'SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(killer);
        running.delete(pid);
        return final;
      },
    };
  } catch (error) {
    signal(pid, 'SIGKILL');
    running.delete(pid);
    throw error;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Waits for the next stdout line that starts with a given word. */
class LineWaiter {
  private readonly buffered: string[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(child: ChildProcessWithoutNullStreams) {
    const reader = readline.createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      const at = this.waiting.findIndex((w) => line.startsWith(`${w.word} `));
      if (at >= 0) this.waiting.splice(at, 1)[0].resolve(afterWord(line));
      else this.buffered.push(line);
    });
    reader.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`the simulator ended before printing "${waiter.word}"`));
    });
  }

  next(word: string, timeoutMs: number): Promise<string> {
    const at = this.buffered.findIndex((line) => line.startsWith(`${word} `));
    if (at >= 0) return Promise.resolve(afterWord(this.buffered.splice(at, 1)[0]));
    if (this.closed) return Promise.reject(new Error(`the simulator ended before printing "${word}"`));
    return new Promise((resolve, reject) => {
      const entry: Waiter = {
        word,
        resolve: (rest) => {
          clearTimeout(timer);
          resolve(rest);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(new Error(`the simulator did not print "${word}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }
}

interface Waiter {
  word: string;
  resolve(rest: string): void;
  reject(error: Error): void;
}

function afterWord(line: string): string {
  return line.slice(line.indexOf(' ') + 1);
}
