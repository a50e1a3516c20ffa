import { RunStatistics } from '../steps/runStatistics';
import { RunReportInput, StepEvidence, TOP, buildRunReport } from './reportData';

function input(statistics: RunStatistics, steps: StepEvidence[]): RunReportInput {
  return {
    apiUrl: 'https://qualysapi.example.test',
    incremental: false,
    startedAt: 0,
    finishedAt: 1000,
    statistics,
    client: { calls: new Map(), retries: 0 },
    steps,
    hostStepId: 'hosts',
  };
}

describe('buildRunReport', () => {
  test('keeps the ten most frequent QIDs, CVEs and web apps when there are more', () => {
    const statistics = new RunStatistics();
    for (let qid = 1; qid <= 15; qid++) {
      for (let n = 0; n < qid; n++) statistics.hostFinding({ severity: 'high', qid, cveIds: [`CVE-2024-${1000 + qid}`] });
    }
    for (let app = 1; app <= 12; app++) {
      for (let n = 0; n < app; n++) statistics.webAppFinding({ severity: 'low', webAppId: String(app) });
    }
    const report = buildRunReport(input(statistics, []));
    expect(report.topQids.map((q) => q.qid)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(report.topCves).toHaveLength(TOP);
    expect(report.topCves[0]).toEqual({ name: 'CVE-2024-1015', count: 15 });
    expect(report.topWebApps.map((a) => a.id)).toEqual(['12', '11', '10', '9', '8', '7', '6', '5', '4', '3']);
  });

  test('orders severities from critical down when counting findings', () => {
    const statistics = new RunStatistics();
    for (const severity of ['low', 'critical', 'medium', 'weird', 'high']) statistics.hostFinding({ severity, qid: 1 });
    const report = buildRunReport(input(statistics, []));
    expect(report.hostFindings.bySeverity.map((c) => c.name)).toEqual(['critical', 'high', 'medium', 'low', 'weird']);
  });

  test('names each step disabled, finished, incomplete or not reported from its evidence', () => {
    const report = buildRunReport(
      input(new RunStatistics(), [
        { id: 'off', name: 'Off', enabled: false, finished: false },
        { id: 'data', name: 'Data', enabled: true, finished: true },
        { id: 'hosts', name: 'Hosts', enabled: true, finished: false, report: { 'hosts listed': 4, 'hosts processed': 3, isolatedHosts: ['9'], problems: [] } },
        { id: 'threw', name: 'Threw', enabled: true, finished: false },
      ]),
    );
    expect(report.completeness.steps.map((s) => s.state)).toEqual(['disabled', 'finished', 'finished, incomplete', 'not reported']);
    expect(report.completeness).toMatchObject({ hostsListed: 4, hostsProcessed: 3, isolatedHosts: ['9'] });
  });

  test('names a step that threw before reporting as failed, and its error as a problem', () => {
    const report = buildRunReport(
      input(new RunStatistics(), [
        { id: 'apps', name: 'Apps', enabled: true, finished: false, failure: 'POST /qps/rest/3.0/search/was/webapp was answered with HTTP 403.' },
        { id: 'hosts', name: 'Hosts', enabled: true, finished: false, report: { problems: ['asset search failed'] }, failure: 'Host findings are incomplete.' },
      ]),
    );
    expect(report.completeness.steps.map((s) => [s.state, s.failure])).toEqual([
      ['failed', 'POST /qps/rest/3.0/search/was/webapp was answered with HTTP 403.'],
      ['finished, incomplete', 'Host findings are incomplete.'],
    ]);
    // A step that reported has its problems listed already; its error is not repeated.
    expect(report.completeness.problems).toEqual([
      'Hosts: asset search failed',
      'Apps failed: POST /qps/rest/3.0/search/was/webapp was answered with HTTP 403.',
    ]);
  });

  test('ignores malformed step report fields when reading them', () => {
    const report = buildRunReport(
      input(new RunStatistics(), [
        { id: 'hosts', name: 'Hosts', enabled: true, finished: false, report: { 'hosts listed': 'many', skipped: { ok: 2, bad: 'x' }, problems: [1, 'real'] } },
      ]),
    );
    expect(report.completeness.hostsListed).toBeUndefined();
    expect(report.completeness.skipped).toEqual([{ step: 'Hosts', reason: 'ok', count: 2 }]);
    expect(report.completeness.problems).toEqual(['Hosts: real']);
  });
});
