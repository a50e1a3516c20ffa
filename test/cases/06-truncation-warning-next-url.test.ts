import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import { Paths, expectCleanRun, findingsOf, hostFindings, requestsTo, scansOfHost, theFinding, warningsAndErrors } from '../helpers/graph';

const CASE = '06-truncation-warning-next-url';

describe('collector on case 06: truncated VM answers with a WARNING next-page URL', () => {
  describe('scenario A: host list and detections each truncated once', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when pages carry a WARNING', () => {
      expectCleanRun(run);
    });

    test('writes the findings of every page, each once, when answers are truncated', () => {
      expect(hostFindings(run)).toHaveLength(3);
      for (const host of [600001, 600002, 600003]) expect(theFinding(run, host, 90601)).toBeDefined();
    });

    test('follows the host-list next-page URL as given and stops when a page has no WARNING', () => {
      const pages = requestsTo(run, Paths.HOST_LIST);
      expect(pages.map((r) => r.params.id_min)).toEqual([undefined, '600003']);
      expect(pages[1]).toMatchObject({ method: 'GET', auth: 'ok' });
      expect(pages[1].params).toMatchObject({ action: 'list', details: 'None', truncation_limit: '2' });
    });

    test('asks for the next detection page once when the detection answer is truncated', () => {
      const next = requestsTo(run, Paths.DETECTIONS).filter((r) => r.params.id_min === '600003');
      expect(next).toHaveLength(1);
      expect(next[0].auth).toBe('ok');
    });
  });

  describe('scenario B: a next-page URL that never advances', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('stops after a small bounded number of host-list calls when the next page repeats', () => {
      const calls = requestsTo(run, Paths.HOST_LIST).length;
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(3);
    });

    test('writes the repeated host at most once when every page lists it', () => {
      expect(findingsOf(run, 610001).length).toBeLessThanOrEqual(1);
      expect(scansOfHost(run, 610001).length).toBeLessThanOrEqual(1);
    });

    test('reports a warning or error naming the host-list endpoint when paging stops', () => {
      expect(warningsAndErrors(run).filter((l) => /\/api\/2\.0\/fo\/asset\/host\b|host.?list/i.test(l)).length).toBeGreaterThan(0);
    });
  });
});
