import { Clock } from '../clock';

/** Lets every promise continuation that is already due run to completion. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

interface Sleeper {
  until: number;
  wake: () => void;
}

/**
 * A clock that stands still until the test moves it: `sleep` resolves only
 * when `advance` carries the time past its deadline.
 */
export class ManualClock implements Clock {
  private time: number;
  private readonly sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ until: this.time + Math.max(0, ms), wake });
    });
  }

  /** Sleeps that have not yet been woken. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time forward, waking sleepers in deadline order on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.sleepers
        .filter((s) => s.until <= target)
        .sort((a, b) => a.until - b.until)[0];
      if (!due) break;
      this.sleepers.splice(this.sleepers.indexOf(due), 1);
      this.time = Math.max(this.time, due.until);
      due.wake();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/**
 * A clock whose sleeps return at once and move virtual time forward by the
 * amount asked, so retry waits cost nothing and are recorded for assertions.
 */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  private time: number;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  }
}
