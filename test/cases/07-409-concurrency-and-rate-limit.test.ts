import { RecordedRequest } from '../helpers/caseServer';
import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import {
  Paths,
  expectCleanRun,
  hostFindings,
  notPresentedAsComplete,
  requestsTo,
  theFinding,
  warningsAndErrors,
} from '../helpers/graph';

const CASE = '07-409-concurrency-and-rate-limit';

/** Milliseconds from the end of `answered`'s answer to the arrival of `next`. */
function gapMs(answered: RecordedRequest, next: RecordedRequest): number {
  return next.arrivedAt - (answered.endedAt ?? Number.POSITIVE_INFINITY);
}

describe('collector on case 07: HTTP 409 for concurrency and rate limits, and a 409 not worth retrying', () => {
  describe('scenario A: a 1960 concurrency limit, then a 1965 rate limit, then success', () => {
    let run: CollectOutcome;
    let attempts: RecordedRequest[];
    const attempt = (nn: string) => {
      const found = attempts.find((r) => r.exchange === nn);
      if (!found) throw new Error(`no detection attempt was answered by exchange ${nn}`);
      return found;
    };
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A' });
      attempts = requestsTo(run, Paths.DETECTIONS);
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when both 409s are followed by success', () => {
      expectCleanRun(run);
    });

    test('writes both findings once when the detection call succeeds after retries', () => {
      expect(hostFindings(run)).toHaveLength(2);
      expect(theFinding(run, 700001, 90701)).toBeDefined();
      expect(theFinding(run, 700002, 90701)).toBeDefined();
    });

    test('retries a bounded number of times when the detection call hits limits', () => {
      expect(attempts.map((r) => r.exchange)).toEqual(['02', '03', '04']);
      expect(attempts.length).toBeLessThanOrEqual(10);
    });

    test('backs off before retrying when the concurrency limit (1960) is reached', () => {
      expect(gapMs(attempt('02'), attempt('03'))).toBeGreaterThanOrEqual(100);
    });

    test('starts no other VM API call when the concurrency limit (1960) is reached, until its retry', () => {
      const busy = attempt('02');
      const retry = attempt('03');
      // Only calls that arrived after the 409 had been answered count: the 409'd call itself and
      // calls already under way when it was answered did not ignore the limit.
      const extra = run.requests.filter(
        (r) =>
          r.path.startsWith('/api/') &&
          r.seq > busy.seq &&
          r.seq !== retry.seq &&
          r.arrivedAt > (busy.endedAt ?? Number.POSITIVE_INFINITY) &&
          r.arrivedAt < retry.arrivedAt,
      );
      expect(extra.map((r) => `${r.seq} ${r.method} ${r.path}`)).toEqual([]);
    });

    test('waits at least the 3 s Qualys asks for when the rate limit (1965) is reached', () => {
      // Timer granularity can fire a millisecond early against another clock; 10 ms of slack.
      expect(gapMs(attempt('03'), attempt('04'))).toBeGreaterThanOrEqual(2990);
    });

    test('logs the Qualys code when a call gets a 409', () => {
      expect(run.log).toContain('1960');
      expect(run.log).toContain('1965');
    });
  });

  describe('scenario B: 409 with code 2003, registration incomplete', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('does not retry when a 409 is not a limit', () => {
      expect(requestsTo(run, Paths.HOST_LIST)).toHaveLength(1);
    });

    test('does not present the run as a complete success when the account cannot use the API', () => {
      expect(notPresentedAsComplete(run)).toBe(true);
    });

    test('fails with an account error quoting code 2003 and the Qualys text when registration is incomplete', () => {
      const errors = warningsAndErrors(run).filter((l) => l.includes('2003') && l.includes('Registration must be completed'));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((l) => /errorCode="[A-Z_]*(ACCOUNT|CONFIG|AUTH|PERMISSION)[A-Z_]*"/.test(l))).toBe(true);
      expect(errors.filter((l) => /transient|temporar|retries (exhausted|exceeded)/i.test(l))).toEqual([]);
    });

    test('writes no host finding when the host list fails', () => {
      expect(hostFindings(run)).toEqual([]);
    });
  });
});
