/**
 * The VM ("fo") API's limits: how many calls may run at once and how many
 * fit in a window, per endpoint, as Qualys counts them per API. Every answer
 * that passes the limits carries the headers a client throttles by.
 */

/** The limits, defaults applied. */
export interface LimitSettings {
  concurrency: number;
  ratePerWindow: number;
  windowSeconds: number;
}

/** Whether a call may run: its headers and slot, or the 409 to answer. */
export type Admission =
  | { admitted: true; headers: Record<string, string>; release: () => void }
  | {
      admitted: false;
      code: 1960 | 1965;
      text: string;
      items: [string, string][];
      headers: Record<string, string>;
    };

interface Budget {
  running: number;
  used: number;
  windowStart: number;
}

/** Per-endpoint concurrency and rate budgets of the VM API. */
export class FoLimits {
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly settings: LimitSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Admits one call to `endpoint`, or says which limit refused it. */
  admit(endpoint: string): Admission {
    const budget = this.budget(endpoint);
    const { concurrency, ratePerWindow } = this.settings;

    if (budget.running >= concurrency) {
      const toFinish = budget.running - concurrency + 1;
      return {
        admitted: false,
        code: 1960,
        text: `Concurrency limit reached: wait for ${toFinish} running call(s) of this API to finish.`,
        items: [['CALLS_TO_FINISH', String(toFinish)]],
        headers: this.headers(budget, 0),
      };
    }
    if (budget.used >= ratePerWindow) {
      const wait = this.secondsLeft(budget);
      return {
        admitted: false,
        code: 1965,
        text: `Rate limit reached for this API: wait ${wait} seconds before the next call.`,
        items: [['SECONDS_TO_WAIT', String(wait)]],
        headers: this.headers(budget, wait),
      };
    }

    budget.used += 1;
    budget.running += 1;
    let released = false;
    return {
      admitted: true,
      headers: this.headers(budget, 0),
      release: () => {
        if (released) return;
        released = true;
        budget.running -= 1;
      },
    };
  }

  /** Headers for an answer that is refused on purpose (a fault), without counting it. */
  faultAnswer(endpoint: string, code: 1960 | 1965, waitSeconds: number): Admission {
    const budget = this.budget(endpoint);
    const refusal =
      code === 1960
        ? {
            text: 'Concurrency limit reached: wait for 1 running call(s) of this API to finish.',
            items: [['CALLS_TO_FINISH', '1']] as [string, string][],
            headers: {
              ...this.headers(budget, 0),
              'X-Concurrency-Limit-Running': String(this.settings.concurrency),
            },
          }
        : {
            text: `Rate limit reached for this API: wait ${waitSeconds} seconds before the next call.`,
            items: [['SECONDS_TO_WAIT', String(waitSeconds)]] as [string, string][],
            headers: this.headers(budget, waitSeconds),
          };
    return { admitted: false, code, ...refusal };
  }

  private budget(endpoint: string): Budget {
    let budget = this.budgets.get(endpoint);
    if (!budget) {
      budget = { running: 0, used: 0, windowStart: this.clock() };
      this.budgets.set(endpoint, budget);
    }
    if (this.clock() - budget.windowStart >= this.settings.windowSeconds * 1000) {
      budget.used = 0;
      budget.windowStart = this.clock();
    }
    return budget;
  }

  private secondsLeft(budget: Budget): number {
    const endsAt = budget.windowStart + this.settings.windowSeconds * 1000;
    return Math.max(1, Math.ceil((endsAt - this.clock()) / 1000));
  }

  private headers(budget: Budget, waitSeconds: number): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(this.settings.ratePerWindow),
      'X-RateLimit-Window-Sec': String(this.settings.windowSeconds),
      'X-RateLimit-Remaining': String(Math.max(0, this.settings.ratePerWindow - budget.used)),
      'X-RateLimit-ToWait-Sec': String(waitSeconds),
      'X-Concurrency-Limit-Limit': String(this.settings.concurrency),
      'X-Concurrency-Limit-Running': String(budget.running),
    };
  }
}
