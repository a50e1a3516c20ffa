import { RunStatistics } from '../steps/runStatistics';
import { StepEvidence, buildRunReport } from './reportData';
import { describeRun, summaryFields } from './summaryLine';

function reportWith(hostStep: StepEvidence) {
  const statistics = new RunStatistics();
  statistics.hostFinding({ severity: 'high', status: 'New', qid: 1 });
  statistics.hostFinding({ severity: 'critical', status: 'Active', qid: 2 });
  statistics.webAppFinding({ severity: 'low', webAppId: '5' });
  return buildRunReport({
    apiUrl: 'https://qualysapi.example.test',
    incremental: true,
    startedAt: 0,
    finishedAt: 2500,
    statistics,
    client: { calls: new Map([['GET /qps/rest/portal/version', 1], ['GET /api/2.0/fo/asset/host/', 2]]), retries: 1 },
    steps: [hostStep],
    hostStepId: hostStep.id,
  });
}

describe('describeRun', () => {
  test('gives totals, host counts, retries and calls when the host step reported', () => {
    const line = describeRun(
      reportWith({ id: 'hosts', name: 'Hosts', enabled: true, finished: false, report: { 'hosts listed': 5, 'hosts processed': 5, skipped: { 'repeated detections': 3 } } }),
    );
    expect(line).toBe(
      'Run report: 2 host findings (critical 1, high 1), 1 web app findings (low 1); status Active 1, New 1; 5 of 5 listed hosts processed, 0 isolated; 0 problems; 1 retries; 3 API calls; skipped: 3 repeated detections; every enabled step finished',
    );
  });

  test('says the host figures are not reported and names the step when it threw', () => {
    const line = describeRun(reportWith({ id: 'hosts', name: 'Hosts', enabled: true, finished: false }));
    expect(line).toContain('hosts listed and processed: not reported');
    expect(line).toContain('steps: hosts not reported');
  });

  test('says host findings are turned off when the host step is disabled', () => {
    const line = describeRun(reportWith({ id: 'hosts', name: 'Hosts', enabled: false, finished: false }));
    expect(line).toContain('hosts listed and processed: host findings turned off');
    expect(line).toContain('every enabled step finished');
  });
});

describe('summaryFields', () => {
  test('carries the same totals as the line when logged', () => {
    const fields = summaryFields(reportWith({ id: 'hosts', name: 'Hosts', enabled: true, finished: false }));
    expect(fields).toMatchObject({
      hostFindings: 2,
      hostFindingsBySeverity: { critical: 1, high: 1 },
      webAppFindings: 1,
      retries: 1,
      apiCalls: 3,
      apiCallsByEndpoint: { 'GET /api/2.0/fo/asset/host/': 2, 'GET /qps/rest/portal/version': 1 },
      durationMs: 2500,
    });
  });
});
