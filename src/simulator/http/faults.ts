import { hash32, hashString } from '../prng';
import { FaultOptions } from '../types';

export type FaultKind = 'error' | 'stall' | 'truncate' | 'html' | 'conflict' | 'wrong-content-type';

/** One fault chosen for one request. */
export interface FaultPlan {
  kind: FaultKind;
  /** For stall and truncate: characters of body sent before the fault. */
  cutAt: number;
  stallMs: number;
  /** For conflict: which limit the 409 claims was hit. */
  conflictCode: 1960 | 1965;
  /** For a 1965 conflict: seconds the client is told to wait (kept short). */
  waitSeconds: number;
}

const SALT_FAULT = 51;

interface Attempts {
  count: number;
  lastFaulted: boolean;
}

/**
 * Chooses faults. The draw depends on the seed, the request's content and
 * how many times that same request was made, not on arrival order, so
 * parallel clients see the same faults run after run. A request that was
 * faulted is never faulted on its next attempt.
 */
export class FaultPlanner {
  private readonly attempts = new Map<number, Attempts>();
  private readonly table: [FaultKind, number][];
  private readonly stallMs: number;

  constructor(
    private readonly seed: number,
    faults: FaultOptions,
  ) {
    this.table = [
      ['error', faults.errorRate ?? 0],
      ['stall', faults.stallRate ?? 0],
      ['truncate', faults.truncateRate ?? 0],
      ['html', faults.htmlRate ?? 0],
      ['conflict', faults.conflictRate ?? 0],
      ['wrong-content-type', faults.wrongContentTypeRate ?? 0],
    ];
    this.stallMs = faults.stallMs ?? 60_000;
  }

  get enabled(): boolean {
    return this.table.some(([, rate]) => rate > 0);
  }

  /**
   * The fault for this request, if any. `requestKey` identifies the request
   * (method, path, parameters, body); `api` rules out 409s on QPS.
   */
  plan(requestKey: string, api: 'fo' | 'qps'): FaultPlan | undefined {
    if (!this.enabled) return undefined;
    const key = hashString(requestKey);
    const state = this.attempts.get(key) ?? { count: 0, lastFaulted: false };
    this.attempts.set(key, state);
    const attempt = state.count++;
    if (state.lastFaulted) {
      state.lastFaulted = false;
      return undefined;
    }

    const draw = hash32(this.seed, SALT_FAULT, key, attempt);
    let roll = draw / 4294967296;
    let chosen: FaultKind | undefined;
    for (const [kind, rate] of this.table) {
      if (roll < rate) {
        chosen = kind;
        break;
      }
      roll -= rate;
    }
    if (!chosen || (chosen === 'conflict' && api !== 'fo')) return undefined;

    state.lastFaulted = true;
    const detail = hash32(this.seed, SALT_FAULT + 1, key, attempt);
    return {
      kind: chosen,
      cutAt: 150 + (detail % 2500),
      stallMs: this.stallMs,
      conflictCode: detail % 2 === 0 ? 1960 : 1965,
      waitSeconds: 1 + (detail % 2),
    };
  }
}
