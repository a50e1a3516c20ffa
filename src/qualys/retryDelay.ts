import { QualysErrorKind } from './errors';

export interface RetryDelayInput {
  /** 1 for the first retry. */
  attempt: number;
  kind: QualysErrorKind;
  /** What Qualys asked for, if it did. */
  waitSeconds?: number;
  /** 0 ≤ random < 1; injected so tests are exact. */
  random: number;
  /** Backoff base for transient failures (others scale with it); default 1000. */
  baseMs?: number;
}

const BASE_MS: Partial<Record<QualysErrorKind, number>> = {
  concurrency: 2_000,
  'rate-limit': 5_000,
  transient: 1_000,
};
const CAP_MS = 60_000;

/**
 * How long to wait before the next attempt: exponential from a base that fits
 * the failure, capped, with jitter so parallel callers that failed together do
 * not retry together. When Qualys names a wait, it is a floor: waiting less
 * only earns another 409.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const scale = (input.baseMs ?? 1_000) / 1_000;
  const base = (BASE_MS[input.kind] ?? 1_000) * scale;
  const ceiling = Math.min(CAP_MS, base * 2 ** Math.max(0, input.attempt - 1));
  const jittered = ceiling / 2 + (ceiling / 2) * input.random;
  const asked = (input.waitSeconds ?? 0) * 1000;
  if (asked > 0) return Math.round(asked + 250 + 750 * input.random);
  return Math.round(jittered);
}
