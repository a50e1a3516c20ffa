import { Count, RunReport } from './reportData';

/**
 * The run in one line, for the log and the closing info event. It carries
 * the same totals as the HTML report, from the same RunReport.
 */
export function describeRun(report: RunReport): string {
  const { completeness: c } = report;
  const hosts =
    c.hostsListed !== undefined
      ? `${c.hostsProcessed ?? 0} of ${c.hostsListed} listed hosts processed, ${c.isolatedHosts.length} isolated`
      : `hosts listed and processed: ${c.hostStep === 'disabled' ? 'host findings turned off' : 'not reported'}`;
  const skipped = c.skipped.length
    ? `skipped: ${c.skipped.map((s) => `${s.count} ${s.reason}`).join(', ')}`
    : 'nothing skipped';
  const unfinished = c.steps.filter((s) => s.state !== 'finished' && s.state !== 'disabled');
  const steps = unfinished.length
    ? `steps: ${unfinished.map((s) => `${s.id} ${s.state}`).join(', ')}`
    : 'every enabled step finished';
  return [
    `Run report: ${report.hostFindings.total} host findings${breakdown(report.hostFindings.bySeverity)}, ${report.webAppFindings.total} web app findings${breakdown(report.webAppFindings.bySeverity)}`,
    `status ${report.hostFindings.byStatus.map((s) => `${s.name} ${s.count}`).join(', ') || 'none'}`,
    hosts,
    `${c.problems.length} problems`,
    `${c.retries} retries`,
    `${report.apiCalls.total} API calls`,
    skipped,
    steps,
  ].join('; ');
}

/** The same figures as structured log fields. */
export function summaryFields(report: RunReport): Record<string, unknown> {
  const { completeness: c } = report;
  return {
    hostFindings: report.hostFindings.total,
    hostFindingsBySeverity: asRecord(report.hostFindings.bySeverity),
    hostFindingsByStatus: asRecord(report.hostFindings.byStatus),
    webAppFindings: report.webAppFindings.total,
    webAppFindingsBySeverity: asRecord(report.webAppFindings.bySeverity),
    hostsListed: c.hostsListed,
    hostsProcessed: c.hostsProcessed,
    isolatedHosts: c.isolatedHosts.length,
    problems: c.problems,
    retries: c.retries,
    skipped: c.skipped,
    steps: Object.fromEntries(c.steps.map((s) => [s.id, s.state])),
    apiCalls: report.apiCalls.total,
    apiCallsByEndpoint: asRecord(report.apiCalls.byEndpoint),
    durationMs: report.finishedAt - report.startedAt,
  };
}

function breakdown(counts: Count[]): string {
  return counts.length ? ` (${counts.map((c) => `${c.name} ${c.count}`).join(', ')})` : '';
}

function asRecord(counts: Count[]): Record<string, number> {
  return Object.fromEntries(counts.map((c) => [c.name, c.count]));
}
