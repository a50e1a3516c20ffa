import { RunStatistics } from '../steps/runStatistics';
import { renderReport } from './renderReport';
import { RunReport, StepEvidence, buildRunReport } from './reportData';

const HOSTILE_TITLE = '<script>alert("qid")</script>';
const HOSTILE_NAME = '"><img src=x onerror=alert(1)>';
const HOSTILE_URL = 'javascript:alert(1)//<b>bold</b>';

const ALL_FINISHED: StepEvidence[] = [
  { id: 'fetch-account', name: 'Fetch Account and Services', enabled: true, finished: true },
  { id: 'fetch-web-apps', name: 'Fetch Scanned Web Apps', enabled: true, finished: true },
  { id: 'fetch-web-app-findings', name: 'Fetch Web App Findings', enabled: true, finished: true, report: { findings: 2, skipped: {} } },
  {
    id: 'fetch-host-findings',
    name: 'Fetch Host Findings',
    enabled: true,
    finished: false,
    report: { 'hosts listed': 3, 'hosts processed': 3, skipped: { 'repeated detections': 2 }, isolatedHosts: [], problems: [] },
  },
];

function sampleReport(steps: StepEvidence[] = ALL_FINISHED): RunReport {
  const statistics = new RunStatistics();
  statistics.hostFinding({ severity: 'critical', status: 'New', qid: 100, title: HOSTILE_TITLE, cveIds: ['CVE-2024-0001'] });
  statistics.hostFinding({ severity: 'critical', status: 'Active', qid: 100, title: HOSTILE_TITLE, cveIds: ['CVE-2024-0001'] });
  statistics.hostFinding({ severity: 'medium', status: 'Fixed', qid: 200, title: 'Plain & simple' });
  statistics.host('aws_instance');
  statistics.host('discovered_host');
  statistics.host('discovered_host');
  statistics.webAppFinding({ severity: 'high', webAppId: '7', webAppName: HOSTILE_NAME, webAppUrl: HOSTILE_URL });
  statistics.webAppFinding({ severity: 'low', webAppId: '7', webAppName: HOSTILE_NAME, webAppUrl: HOSTILE_URL });
  for (const step of steps) if (step.report) statistics.stepReport(step.id, step.report);
  return buildRunReport({
    apiUrl: 'https://qualysapi.example.test',
    incremental: false,
    startedAt: Date.UTC(2024, 4, 1, 12, 0, 0),
    finishedAt: Date.UTC(2024, 4, 1, 12, 1, 30),
    statistics,
    client: { calls: new Map([['POST /api/2.0/fo/asset/host/vm/detection/', 2], ['GET /qps/rest/portal/version', 1]]), retries: 1 },
    steps,
    hostStepId: 'fetch-host-findings',
  });
}

/** The named `data-figure` values of a page. */
function figures(page: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of page.matchAll(/data-figure="([^"]+)">([^<]*)</g)) found[match[1]] = match[2];
  return found;
}

describe('renderReport', () => {
  test('escapes hostile titles, web app names and URLs when they come from Qualys', () => {
    const page = renderReport(sampleReport());
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(&quot;qid&quot;)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('javascript:alert(1)//&lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('Plain &amp; simple');
  });

  test('shows the totals by severity, status, host target and API calls when the run finished', () => {
    const found = figures(renderReport(sampleReport()));
    expect(found).toMatchObject({
      'host-findings': '3',
      'web-app-findings': '2',
      'host-findings-critical': '2',
      'host-findings-medium': '1',
      'status-New': '1',
      'status-Active': '1',
      'status-Fixed': '1',
      'hosts-listed': '3',
      'hosts-processed': '3',
      'hosts-aws_instance': '1',
      'hosts-discovered_host': '2',
      'hosts-cloud': '1',
      'hosts-other': '2',
      retries: '1',
      'api-calls': '3',
      problems: '0',
    });
  });

  test('loads nothing and runs nothing when opened', () => {
    const page = renderReport(sampleReport());
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|form)\b/i);
    // Escaped text holds no '<', so every tag here is real markup.
    const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    expect(tags.filter((tag) => /\s(src|href|srcset|action|on[a-z]+)=/i.test(tag))).toEqual([]);
    expect(page).not.toMatch(/url\(|@import/i);
  });

  test('says "not reported" for host figures and flags the step when the host step threw', () => {
    const steps = ALL_FINISHED.map((s) => (s.id === 'fetch-host-findings' ? { ...s, report: undefined } : s));
    const page = renderReport(sampleReport(steps));
    expect(figures(page)['hosts-listed']).toBe('not reported');
    expect(figures(page)['hosts-processed']).toBe('not reported');
    expect(page).toContain('This run is incomplete');
    expect(page).toMatch(/fetch-host-findings<\/td><td class="state-not-reported">not reported/);
  });

  test('says "turned off" for host figures when host findings are disabled', () => {
    const steps = ALL_FINISHED.map((s) => (s.id === 'fetch-host-findings' ? { ...s, enabled: false, report: undefined } : s));
    const page = renderReport(sampleReport(steps));
    expect(figures(page)['hosts-processed']).toBe('turned off');
    expect(page).toContain('host findings are turned off');
    expect(page).not.toContain('This run is incomplete');
  });

  test('lists skips with their reasons and the run time when given', () => {
    const page = renderReport(sampleReport());
    expect(page).toMatch(/<td>repeated detections<\/td><td>Fetch Host Findings<\/td><td class="n">2<\/td>/);
    expect(page).toContain('run time 1 min 30 s');
  });
});
