import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IntegrationInstance } from '@jupiterone/integration-sdk-core';
import { LOCAL_INTEGRATION_INSTANCE, executeIntegrationInstance } from '@jupiterone/integration-sdk-runtime';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import { invocationConfig } from '../src';
import { QualysIntegrationConfig } from '../src/config/types';
import { RunningSimulator, startSimulator } from '../src/simulator';
import { CollectionResult, runCollection } from './helpers/runCollection';
import { ISOLATION, dumpDom, findChromium, screenshot } from './helpers/chromium';

const CHROMIUM = findChromium();

/** The totals of the run's summary log line. */
interface SummaryTotals {
  hostFindings: number;
  webAppFindings: number;
  hostsProcessed: number;
  hostsListed: number;
  isolated: number;
  problems: number;
  retries: number;
  apiCalls: number;
  bySeverity: Record<string, number>;
}

function summaryLine(result: CollectionResult): string {
  const line = result.logs.find((l) => l.startsWith('info ') && l.includes('Run report: '));
  if (!line) throw new Error('no run report line was logged');
  return line.slice(line.indexOf('Run report: '));
}

function totalsOf(line: string): SummaryTotals {
  const number = (pattern: RegExp, group = 1): number => {
    const match = pattern.exec(line);
    if (!match) throw new Error(`${pattern} not found in: ${line}`);
    return Number(match[group]);
  };
  const severities = /host findings \(([^)]*)\)/.exec(line)?.[1] ?? '';
  return {
    hostFindings: number(/(\d+) host findings/),
    webAppFindings: number(/(\d+) web app findings/),
    hostsProcessed: number(/(\d+) of (\d+) listed hosts processed/, 1),
    hostsListed: number(/(\d+) of (\d+) listed hosts processed/, 2),
    isolated: number(/(\d+) isolated/),
    problems: number(/(\d+) problems/),
    retries: number(/(\d+) retries/),
    apiCalls: number(/(\d+) API calls/),
    bySeverity: Object.fromEntries(
      severities.split(', ').filter(Boolean).map((part) => {
        const [name, count] = part.split(' ');
        return [name, Number(count)];
      }),
    ),
  };
}

/** The named `data-figure` numbers of a page, thousands separators removed. */
function figuresOf(dom: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of dom.matchAll(/data-figure="([^"]+)">([^<]*)</g)) found[match[1]] = match[2].replace(/,/g, '');
  return found;
}

const describeInChromium = CHROMIUM ? describe : describe.skip;
const reason = CHROMIUM
  ? `${CHROMIUM}${ISOLATION.length ? ', in a network namespace of its own' : ', proxy and resolver pointed nowhere'}`
  : 'SKIPPED: no Chromium binary (set CHROMIUM_BIN or install chromium)';

describeInChromium(`the run report opened in headless Chromium without network (${reason})`, () => {
  let simulator: RunningSimulator;
  let result: CollectionResult;
  let workDir: string;
  let reportFile: string;
  let dom: string;
  const savedReportPath = process.env.QUALYS_REPORT_PATH;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-run-report-'));
    reportFile = path.join(workDir, 'report.html');
    process.env.QUALYS_REPORT_PATH = reportFile;
    simulator = await startSimulator({ seed: 21, hosts: 36, detectionsPerHost: 5, webApps: 3, findingsPerWebApp: 4 });
    result = await runCollection({ qualysApiUrl: simulator.url, qualysUsername: 'demo', qualysPassword: 'demo-password' });
    dom = await dumpDom(CHROMIUM as string, reportFile, path.join(workDir, 'profile'));
  });
  afterAll(async () => {
    process.env.QUALYS_REPORT_PATH = savedReportPath;
    await simulator?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  test('runs the report step last, after every other step succeeded', () => {
    expect(result.validationError).toBeUndefined();
    expect([...result.stepErrors.keys()]).toEqual([]);
    expect(fs.existsSync(reportFile)).toBe(true);
  });

  test('shows the same totals as the log summary when Chromium renders it', () => {
    const totals = totalsOf(summaryLine(result));
    const figures = figuresOf(dom);
    expect(totals.hostFindings).toBeGreaterThan(0);
    expect({
      hostFindings: Number(figures['host-findings']),
      webAppFindings: Number(figures['web-app-findings']),
      hostsProcessed: Number(figures['hosts-processed']),
      hostsListed: Number(figures['hosts-listed']),
      isolated: Number(figures['hosts-isolated']),
      problems: Number(figures.problems),
      retries: Number(figures.retries),
      apiCalls: Number(figures['api-calls']),
      bySeverity: Object.fromEntries(Object.keys(totals.bySeverity).map((s) => [s, Number(figures[`host-findings-${s}`])])),
    }).toEqual(totals);
  });

  test('counts exactly the findings the graph holds when the run is clean', () => {
    const totals = totalsOf(summaryLine(result));
    expect(totals.hostFindings).toBe(result.entities.filter((e) => e._type === 'qualys_host_finding').length);
    expect(totals.webAppFindings).toBe(result.entities.filter((e) => e._type === 'qualys_web_app_finding').length);
    expect(totals.hostsListed).toBe(totals.hostsProcessed);
  });

  test('publishes the summary as an info event with structured fields in the log', () => {
    const line = summaryLine(result);
    const event = result.logs.find((l) => l.startsWith('publishInfoEvent ') && l.includes('"name":"results"'));
    expect(event).toContain(line.split('. HTML report')[0]);
    const logged = result.logs.find((l) => l.startsWith('info ') && l.includes('Run report: ')) ?? '';
    expect(logged).toMatch(/"hostFindingsBySeverity":\{/);
    expect(logged).toMatch(/"apiCallsByEndpoint":\{[^}]*"POST \/api\/2.0\/fo\/asset\/host\/vm\/detection\/":\d+/);
  });

  test('shows every section and every step as finished when rendered', () => {
    for (const heading of ['Findings by severity', 'Host findings by status', 'Top 10 QIDs', 'Top 10 CVEs', 'Hosts by cloud and on-premises', 'Web apps with the most findings', 'Completeness', 'API calls by endpoint']) {
      expect(dom).toContain(heading);
    }
    for (const step of ['fetch-account', 'fetch-web-apps', 'fetch-web-app-findings', 'fetch-host-findings']) {
      expect(dom).toMatch(new RegExp(`${step}</td><td class="state-finished">finished</td>`));
    }
    expect(dom).not.toContain('>not reported<');
    expect(dom).not.toContain('This run is incomplete');
  });

  test('draws a page when Chromium takes a screenshot offline', async () => {
    const png = path.join(workDir, 'report.png');
    await screenshot(CHROMIUM as string, reportFile, png, path.join(workDir, 'profile'));
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(20_000);
  });
});

describe('the run report step under the SDK executor', () => {
  let simulator: RunningSimulator;
  let storageDir: string;
  const saved = {
    storage: process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY,
    report: process.env.QUALYS_REPORT_PATH,
  };
  beforeAll(async () => {
    storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-run-report-sdk-'));
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
    delete process.env.QUALYS_REPORT_PATH;
    simulator = await startSimulator({ seed: 22, hosts: 6, detectionsPerHost: 3, webApps: 1, findingsPerWebApp: 2 });
  });
  afterAll(async () => {
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = saved.storage;
    process.env.QUALYS_REPORT_PATH = saved.report;
    await simulator?.close();
    if (storageDir) fs.rmSync(storageDir, { recursive: true, force: true });
  });

  test('runs last, into the storage directory, when WAS is turned off', async () => {
    // The SDK never starts a step one of whose dependencies is disabled; the
    // report's dependencies are narrowed to the enabled steps at start.
    const instance: IntegrationInstance<QualysIntegrationConfig> = {
      ...LOCAL_INTEGRATION_INSTANCE,
      config: { qualysApiUrl: simulator.url, qualysUsername: 'demo', qualysPassword: 'demo-password', enableWas: 'false' },
    };
    const result = await executeIntegrationInstance(createMockIntegrationLogger(), instance, invocationConfig, {
      current: { startedOn: Date.now() },
    });

    const statuses = Object.fromEntries(result.integrationStepResults.map((s) => [s.id, s.status]));
    expect(statuses).toEqual({
      'fetch-account': 'success',
      'fetch-web-apps': 'disabled',
      'fetch-web-app-findings': 'disabled',
      'fetch-host-findings': 'success',
      'build-run-report': 'success',
    });
    const page = fs.readFileSync(path.join(storageDir, 'qualys-report.html'), 'utf8');
    expect(page).toMatch(/fetch-web-apps<\/td><td class="state-disabled">disabled/);
    expect(page).toMatch(/fetch-host-findings<\/td><td class="state-finished">finished/);
  });
});
