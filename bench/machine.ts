import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * What else the machine is doing. The bench shares its cores with the
 * simulator and with whatever else runs here, so each measurement records
 * the CPU the rest of the machine used meanwhile, and the bench can wait for
 * a quiet moment before starting one.
 */

const TICKS_PER_SECOND = 100;

/** Below this share of all cores busy, the machine counts as quiet. */
export const QUIET_BUSY_SHARE = 0.25;

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** CPU seconds all cores spent busy since boot (undefined without /proc). */
export function machineBusySeconds(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a running process has used (undefined once it is gone). */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Share of all cores busy over the next `ms` milliseconds (0..1). */
export async function busyShare(ms: number): Promise<number | undefined> {
  const before = machineBusySeconds();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineBusySeconds();
  if (before === undefined || after === undefined) return undefined;
  return (after - before) / (ms / 1000) / os.cpus().length;
}

/**
 * Waits until less than `threshold` of the machine is busy over a 2-second
 * sample, or `maxWaitMs` has passed. Returns the last share seen.
 */
export async function waitForQuietMachine(threshold: number, maxWaitMs: number): Promise<number | undefined> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const share = await busyShare(2_000);
    if (share === undefined || share < threshold || Date.now() >= deadline) return share;
  }
}

/**
 * Writes dirty pages out (sync(1)), so the gigabytes of graph files one run
 * leaves behind are not written back to disk during the next run.
 */
export function flushDirtyPages(): void {
  spawnSync('sync', [], { stdio: 'ignore', timeout: 120_000 });
}
