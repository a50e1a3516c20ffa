import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Tests that run the real collector (each in a scratch copy of the project,
 * see collectRun) hold this lock for the whole run, so that two such runs,
 * and the timing-sensitive cases among them, never compete for the cores. It
 * is a directory made atomically, naming its owner's PID; a lock whose owner
 * process is gone is taken over.
 */

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

const LOCK_DIR = path.join(
  os.tmpdir(),
  `graph-qualys-collect-${crypto.createHash('sha1').update(PROJECT_ROOT).digest('hex').slice(0, 12)}.lock`,
);
const OWNER_FILE = path.join(LOCK_DIR, 'owner');

function ownerAlive(): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(OWNER_FILE, 'utf8').trim());
  } catch {
    // Being created right now, or left without an owner file: judge by age.
    try {
      return Date.now() - fs.statSync(LOCK_DIR).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProjectLock {
  release(): void;
}

/** Waits (up to `timeoutMs`) until this process holds the project's collector lock. */
export async function acquireProjectLock(timeoutMs: number): Promise<ProjectLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(OWNER_FILE, String(process.pid));
      return {
        release: () => fs.rmSync(LOCK_DIR, { recursive: true, force: true }),
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!ownerAlive()) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another collector run in ${PROJECT_ROOT} still holds ${LOCK_DIR} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs `work` while holding the project's collector lock. */
export async function withProjectLock<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const lock = await acquireProjectLock(timeoutMs);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
