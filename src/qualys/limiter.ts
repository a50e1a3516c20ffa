import { Clock, systemClock } from './clock';

/** The VM API ("fo") has subscription-wide limits; QPS has none published. */
export type ApiFamily = 'fo' | 'qps';

export interface LimiterWait {
  family: ApiFamily;
  path?: string;
  waitMs: number;
  reason: string;
}

export interface LimiterOptions {
  clock?: Clock;
  /** Our own ceiling on parallel calls, whatever Qualys allows. */
  maxConcurrency: Record<ApiFamily, number>;
}

export type Release = () => void;

// Qualys's documented defaults until the first response says otherwise: two
// calls at once for a standard subscription.
const DEFAULT_FO_CONCURRENCY = 2;

/**
 * The one gate every Qualys call passes. It keeps parallel VM API calls within
 * the subscription's concurrency limit (read from X-Concurrency-Limit-Limit on
 * every response), holds calls to an endpoint whose rate budget is spent until
 * Qualys says it may go on (X-RateLimit-Remaining, X-RateLimit-ToWait-Sec), and
 * holds every VM API call while a 409 is waited out, so that a retry is not
 * refused again by calls started meanwhile.
 */
export class SubscriptionLimiter {
  private readonly clock: Clock;
  private readonly inFlight: Record<ApiFamily, number> = { fo: 0, qps: 0 };
  private readonly waiting: Record<ApiFamily, Array<() => void>> = { fo: [], qps: [] };
  private readonly familyPause: Record<ApiFamily, { until: number; reason: string }> = {
    fo: { until: 0, reason: '' },
    qps: { until: 0, reason: '' },
  };
  private readonly pathPause = new Map<string, { until: number; reason: string }>();
  private foConcurrencyLimit = DEFAULT_FO_CONCURRENCY;

  constructor(private readonly options: LimiterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Waits for a slot (and for any pause to end); call the release when done.
   * `onWait` is told of each pause with its reason: the caller, which knows
   * the step and the call that wait, logs it.
   */
  async acquire(family: ApiFamily, path: string, onWait?: (wait: LimiterWait) => void): Promise<Release> {
    for (;;) {
      const pause = this.currentPause(family, path);
      if (pause) {
        onWait?.({ family, path, waitMs: pause.waitMs, reason: pause.reason });
        await this.clock.sleep(pause.waitMs);
        continue;
      }
      if (this.inFlight[family] < this.capacity(family)) {
        this.inFlight[family]++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.inFlight[family]--;
          this.waiting[family].shift()?.();
        };
      }
      await new Promise<void>((resolve) => this.waiting[family].push(resolve));
    }
  }

  /** Reads the limit headers of a VM API response. */
  observe(family: ApiFamily, path: string, headers: Headers): void {
    if (family !== 'fo') return;
    const concurrency = headerNumber(headers, 'x-concurrency-limit-limit');
    if (concurrency !== undefined && concurrency > 0) {
      this.foConcurrencyLimit = concurrency;
      this.wakeAll(family);
    }
    const toWait = headerNumber(headers, 'x-ratelimit-towait-sec');
    const remaining = headerNumber(headers, 'x-ratelimit-remaining');
    const window = headerNumber(headers, 'x-ratelimit-window-sec');
    const limit = headerNumber(headers, 'x-ratelimit-limit');
    if (toWait !== undefined && toWait > 0) {
      this.pausePath(path, toWait * 1000, `Qualys asked to wait ${toWait} s (X-RateLimit-ToWait-Sec)`);
    } else if (remaining !== undefined && remaining <= 0) {
      // Spent, and Qualys did not say for how long: wait for one call's share
      // of the window; a 409 1965 answer will then give the exact wait.
      const share = window && limit ? (window / limit) * 1000 : 60_000;
      this.pausePath(path, share, `rate budget spent (X-RateLimit-Remaining 0 of ${limit ?? '?'} per ${window ?? '?'} s)`);
    }
  }

  /** Holds every call of the family, e.g. after a 409. */
  pauseFamily(family: ApiFamily, ms: number, reason: string): void {
    const until = this.clock.now() + ms;
    if (until > this.familyPause[family].until) {
      this.familyPause[family] = { until, reason };
    }
  }

  /** Holds the calls to one endpoint, whose own rate budget is spent. */
  pausePath(path: string, ms: number, reason: string): void {
    const until = this.clock.now() + ms;
    const current = this.pathPause.get(path);
    if (!current || until > current.until) this.pathPause.set(path, { until, reason });
  }

  /** Parallel calls allowed now for the family. */
  capacity(family: ApiFamily): number {
    const own = Math.max(1, this.options.maxConcurrency[family]);
    return family === 'fo' ? Math.max(1, Math.min(own, this.foConcurrencyLimit)) : own;
  }

  private currentPause(
    family: ApiFamily,
    path: string,
  ): { waitMs: number; reason: string } | undefined {
    const now = this.clock.now();
    const familyWait = this.familyPause[family].until - now;
    const pathState = this.pathPause.get(path);
    const pathWait = pathState ? pathState.until - now : 0;
    if (familyWait <= 0 && pathWait <= 0) {
      if (pathState) this.pathPause.delete(path);
      return undefined;
    }
    return familyWait >= pathWait
      ? { waitMs: familyWait, reason: this.familyPause[family].reason }
      : { waitMs: pathWait, reason: pathState?.reason ?? '' };
  }

  private wakeAll(family: ApiFamily): void {
    const waiting = this.waiting[family].splice(0);
    for (const wake of waiting) wake();
  }
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
