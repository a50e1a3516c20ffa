import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import {
  Paths,
  hostFindings,
  notPresentedAsComplete,
  partialTypes,
  requestsTo,
  stepStatuses,
  theFinding,
  warningsAndErrors,
} from '../helpers/graph';

const CASE = '09-account-errors-in-http-200';
const HOST_STEP = 'fetch-host-findings';
const WEB_APP_STEP = 'fetch-web-apps';

describe('collector on case 09: account and permission errors inside HTTP 200 answers', () => {
  describe('scenario A: the credential check answers INVALID_CREDENTIALS', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('fails the run when Qualys rejects the credentials with HTTP 200', () => {
      expect(run.exitCode).not.toBe(0);
      expect(notPresentedAsComplete(run)).toBe(true);
    });

    test('reports an authentication error quoting the Qualys message when the credentials are rejected', () => {
      const lines = warningsAndErrors(run).filter((l) => l.includes('Authentication failed'));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.some((l) => /credential|authenticat/i.test(l.replace('Authentication failed', '')))).toBe(true);
    });

    test('makes no further API call when the credential check fails', () => {
      expect(run.requests.filter((r) => !Paths.PORTAL_VERSION.test(r.path)).map((r) => r.path)).toEqual([]);
    });

    test('writes no entity when the credentials are rejected', () => {
      expect(run.entities).toEqual([]);
    });
  });

  describe('scenario B: the VM API answers code 2001, account expired, with HTTP 200', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('does not retry the host list when it answers code 2001', () => {
      expect(requestsTo(run, Paths.HOST_LIST)).toHaveLength(1);
    });

    test('reports code 2001 when the account has expired', () => {
      const lines = warningsAndErrors(run).filter((l) => l.includes('2001') && /expired/i.test(l));
      expect(lines.length).toBeGreaterThan(0);
    });

    test('marks the host findings as failed or partial when the account has expired', () => {
      expect(notPresentedAsComplete(run)).toBe(true);
      const vmFailed = stepStatuses(run)[HOST_STEP] !== 'success' || partialTypes(run).includes('qualys_host_finding');
      expect(vmFailed).toBe(true);
      expect(hostFindings(run)).toEqual([]);
    });
  });

  describe('scenario C: VM data is readable but the WAS search answers UNAUTHORIZED', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'C' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('keeps the VM finding and its step successful when WAS is not permitted', () => {
      expect(theFinding(run, 900001, 90901)).toBeDefined();
      expect(stepStatuses(run)[HOST_STEP]).toBe('success');
      expect(partialTypes(run).filter((t) => t.includes('host_finding'))).toEqual([]);
    });

    test('fails the web app step instead of reporting no web apps when WAS answers UNAUTHORIZED', () => {
      expect(stepStatuses(run)[WEB_APP_STEP]).not.toBe('success');
      expect(partialTypes(run)).toContain('qualys_web_app_scanner_scans_web_app');
    });

    test('reports an authorization error quoting the Qualys text when WAS answers UNAUTHORIZED', () => {
      const lines = warningsAndErrors(run).filter((l) => l.includes('Not authorized to access this module'));
      expect(lines.length).toBeGreaterThan(0);
    });

    test('does not retry the web app search when it answers UNAUTHORIZED', () => {
      expect(requestsTo(run, Paths.WEB_APPS)).toHaveLength(1);
    });
  });
});
