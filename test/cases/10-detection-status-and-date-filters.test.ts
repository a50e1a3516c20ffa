import { QUALYS_DATE, dateParams } from '../helpers/caseRules';
import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import { Paths, expectCleanRun, hostFindings, requestsTo, theFinding } from '../helpers/graph';

const CASE = '10-detection-status-and-date-filters';
const HOST = 1000001;
const AT = Date.parse('2026-11-29T17:00:00Z');

describe('collector on case 10: Fixed and active detections, and dates Qualys accepts', () => {
  let run: CollectOutcome;
  beforeAll(async () => {
    run = await collectCase(CASE);
  }, COLLECT_HOOK_TIMEOUT_MS);

  describeCommonChecks(() => run);

  test('sends dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ when it filters by date', () => {
    const dates = run.requests.flatMap((r) => dateParams(r).map(([name, value]) => `${r.path} ${name}=${value}`));
    expect(dates.filter((d) => !QUALYS_DATE.test(d.split('=')[1]))).toEqual([]);
    expect(run.requests.filter((r) => r.exchange === '02').map((r) => r.rawUrl)).toEqual([]);
  });

  test('asks for New, Active, Re-Opened and Fixed detections when it lists detections', () => {
    const detections = requestsTo(run, Paths.DETECTIONS);
    expect(detections.length).toBeGreaterThan(0);
    for (const request of detections) {
      const statuses = (request.params.status ?? '').split(',').map((s) => s.trim().toLowerCase());
      expect(['new', 'active', 're-opened', 'fixed'].filter((s) => !statuses.includes(s))).toEqual([]);
    }
  });

  test('finishes as a clean success when detections have every status', () => {
    expectCleanRun(run);
  });

  test('writes one finding per detection when the statuses differ', () => {
    expect(hostFindings(run)).toHaveLength(4);
  });

  test('keeps a detection open when it is Active, New or Re-Opened, even one fixed before', () => {
    expect(theFinding(run, HOST, 91001)).toMatchObject({ open: true, status: 'Active' });
    expect(theFinding(run, HOST, 91002)).toMatchObject({ open: true, status: 'New' });
    expect(theFinding(run, HOST, 91003)).toMatchObject({ open: true, status: 'Re-Opened' });
  });

  test('closes a Fixed detection and records when it was fixed', () => {
    const fixed = theFinding(run, HOST, 91004);
    expect(fixed).toMatchObject({ open: false, status: 'Fixed' });
    expect(fixed.fixedOn).toBe(AT);
  });

  test('reads the same instant when a timestamp is wrapped in whitespace and line breaks', () => {
    expect(theFinding(run, HOST, 91001).lastFoundOn).toBe(AT);
    for (const finding of hostFindings(run)) {
      for (const [name, value] of Object.entries(finding).filter(([k]) => /On$/.test(k))) {
        expect(`${name}: ${typeof value}`).toBe(`${name}: number`);
        expect(Number.isFinite(value)).toBe(true);
      }
    }
  });
});
