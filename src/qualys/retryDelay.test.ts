import { QualysErrorKind } from './errors';
import { retryDelayMs } from './retryDelay';

const RANDOMS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999];

function delays(kind: QualysErrorKind, attempt: number, waitSeconds?: number): number[] {
  return RANDOMS.map((random) => retryDelayMs({ attempt, kind, waitSeconds, random }));
}

describe('retryDelayMs', () => {
  test('stays between half the ceiling and the ceiling', () => {
    for (const [kind, base] of [
      ['transient', 1_000],
      ['concurrency', 2_000],
      ['rate-limit', 5_000],
    ] as const) {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const ceiling = base * 2 ** (attempt - 1);
        for (const delay of delays(kind, attempt)) {
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        }
      }
    }
  });

  test('gives the lower bound for random 0 and spreads out as random grows', () => {
    const spread = delays('transient', 1);
    expect(spread[0]).toBe(500);
    expect(new Set(spread).size).toBe(RANDOMS.length);
    expect([...spread].sort((a, b) => a - b)).toEqual(spread);
  });

  test('doubles the ceiling with each attempt', () => {
    const lows = [1, 2, 3, 4].map((attempt) => retryDelayMs({ attempt, kind: 'transient', random: 0 }));
    expect(lows).toEqual([500, 1_000, 2_000, 4_000]);
  });

  test('never waits more than a minute on its own account', () => {
    for (const attempt of [7, 10, 20, 60, 1_000]) {
      for (const delay of delays('rate-limit', attempt)) {
        expect(delay).toBeGreaterThanOrEqual(30_000);
        expect(delay).toBeLessThanOrEqual(60_000);
      }
    }
  });

  test('treats attempt 0 or below like the first retry', () => {
    expect(retryDelayMs({ attempt: 0, kind: 'transient', random: 0 })).toBe(500);
    expect(retryDelayMs({ attempt: -3, kind: 'transient', random: 0 })).toBe(500);
  });

  test('uses a one-second base for kinds without their own', () => {
    expect(retryDelayMs({ attempt: 1, kind: 'bad-response', random: 0 })).toBe(500);
  });

  test('waits at least what Qualys asked for, even when backoff would be shorter', () => {
    for (const delay of delays('rate-limit', 1, 42)) {
      expect(delay).toBeGreaterThanOrEqual(42_000);
      expect(delay).toBeLessThanOrEqual(43_000);
    }
  });

  test('honours a Qualys wait beyond the cap', () => {
    for (const delay of delays('rate-limit', 1, 3_600)) {
      expect(delay).toBeGreaterThanOrEqual(3_600_000);
    }
  });

  test('adds jitter on top of the Qualys wait', () => {
    const spread = delays('concurrency', 1, 10);
    expect(spread[0]).toBe(10_250);
    expect(new Set(spread).size).toBe(RANDOMS.length);
  });

  test('falls back to backoff when Qualys asked for no wait', () => {
    expect(retryDelayMs({ attempt: 1, kind: 'rate-limit', waitSeconds: 0, random: 0 })).toBe(2_500);
  });
});
