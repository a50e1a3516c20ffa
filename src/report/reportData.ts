import { RunStatistics } from '../steps/runStatistics';

/** A name and how many times it was counted. */
export interface Count {
  name: string;
  count: number;
}

/**
 * What is known of a step when the report is built. A step that finished
 * left its report (or its data) behind; one that threw before that is
 * "failed", with its error message; one of which nothing is known (it never
 * ran) is "not reported": the report does not guess why.
 */
export type StepState = 'finished' | 'finished, incomplete' | 'failed' | 'disabled' | 'not reported';

export interface StepStatus {
  id: string;
  name: string;
  state: StepState;
  /** The step's error message, when it threw. */
  failure?: string;
}

/** What the report step knows about each other step of the run. */
export interface StepEvidence {
  id: string;
  name: string;
  enabled: boolean;
  /** The step left its data for later steps, so it got to its end. */
  finished: boolean;
  /** The step's collection report, when it published one. */
  report?: Record<string, unknown>;
  /** The step's error message, when it threw. */
  failure?: string;
}

export interface SkipCount {
  step: string;
  reason: string;
  count: number;
}

/** Everything the summary line and the HTML report show: one snapshot. */
export interface RunReport {
  apiUrl: string;
  incremental: boolean;
  startedAt: number;
  finishedAt: number;
  hostFindings: { total: number; bySeverity: Count[]; byStatus: Count[] };
  webAppFindings: { total: number; bySeverity: Count[] };
  topQids: Array<{ qid: number; title?: string; severity?: string; count: number }>;
  topCves: Count[];
  hostsByTarget: Array<{ targetType: string; label: string; cloud: boolean; count: number }>;
  topWebApps: Array<{ id: string; name?: string; url?: string; count: number }>;
  completeness: {
    /** The host findings step's state: it alone knows hosts listed and processed. */
    hostStep?: StepState;
    /** Undefined when the host step did not report. */
    hostsListed?: number;
    hostsProcessed?: number;
    isolatedHosts: string[];
    problems: string[];
    skipped: SkipCount[];
    retries: number;
    steps: StepStatus[];
  };
  apiCalls: { total: number; byEndpoint: Count[] };
}

export interface RunReportInput {
  apiUrl: string;
  incremental: boolean;
  startedAt: number;
  finishedAt: number;
  statistics: RunStatistics;
  client: { calls: ReadonlyMap<string, number>; retries: number };
  steps: StepEvidence[];
  hostStepId: string;
}

/** How many entries the "top" tables list. */
export const TOP = 10;

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational', 'none'];

const TARGETS: Record<string, { label: string; cloud: boolean }> = {
  aws_instance: { label: 'AWS EC2 instances', cloud: true },
  azure_vm: { label: 'Azure virtual machines', cloud: true },
  google_compute_instance: { label: 'Google Cloud instances', cloud: true },
  discovered_host: { label: 'On-premises and other hosts (no cloud identity)', cloud: false },
};

/** Statistics, client counters and step evidence → one RunReport. Pure. */
export function buildRunReport(input: RunReportInput): RunReport {
  const { statistics } = input;
  const hostStep = input.steps.find((s) => s.id === input.hostStepId);
  const hostReport = hostStep?.report;

  return {
    apiUrl: input.apiUrl,
    incremental: input.incremental,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    hostFindings: {
      total: sum(statistics.findingsBySeverity.values()),
      bySeverity: bySeverity(statistics.findingsBySeverity),
      byStatus: byCount(statistics.findingsByStatus),
    },
    webAppFindings: {
      total: sum(statistics.webFindingsBySeverity.values()),
      bySeverity: bySeverity(statistics.webFindingsBySeverity),
    },
    topQids: [...statistics.findingsByQid]
      .map(([qid, entry]) => ({ qid, title: entry.title, severity: entry.severity, count: entry.count }))
      .sort((a, b) => b.count - a.count || a.qid - b.qid)
      .slice(0, TOP),
    topCves: byCount(statistics.findingsByCve).slice(0, TOP),
    hostsByTarget: [...statistics.hostsByTarget]
      .map(([targetType, count]) => ({
        targetType,
        label: TARGETS[targetType]?.label ?? targetType,
        cloud: TARGETS[targetType]?.cloud ?? false,
        count,
      }))
      .sort((a, b) => b.count - a.count || a.targetType.localeCompare(b.targetType)),
    topWebApps: [...statistics.webAppFindings]
      .map(([id, app]) => ({ id, name: app.name, url: app.url, count: app.count }))
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
      .slice(0, TOP),
    completeness: {
      hostStep: hostStep ? stateOf(hostStep) : undefined,
      hostsListed: numberIn(hostReport, 'hosts listed'),
      hostsProcessed: hostReport ? numberIn(hostReport, 'hosts processed') ?? 0 : undefined,
      isolatedHosts: input.steps.flatMap((s) => stringsIn(s.report, 'isolatedHosts')),
      problems: [
        ...input.steps.flatMap((s) => stringsIn(s.report, 'problems').map((p) => `${s.name}: ${p}`)),
        // A step that threw before publishing its report: its error is the problem.
        ...input.steps.filter((s) => s.failure && !s.report).map((s) => `${s.name} failed: ${s.failure}`),
      ],
      skipped: input.steps.flatMap((s) =>
        Object.entries(recordIn(s.report, 'skipped')).map(([reason, count]) => ({ step: s.name, reason, count })),
      ).filter((skip) => skip.count > 0),
      retries: input.client.retries,
      steps: input.steps.map((s) => ({ id: s.id, name: s.name, state: stateOf(s), failure: s.failure })),
    },
    apiCalls: {
      total: sum(input.client.calls.values()),
      byEndpoint: byCount(input.client.calls),
    },
  };
}

function stateOf(step: StepEvidence): StepState {
  if (!step.enabled) return 'disabled';
  if (step.report) {
    const incomplete = stringsIn(step.report, 'problems').length + stringsIn(step.report, 'isolatedHosts').length > 0;
    return incomplete ? 'finished, incomplete' : 'finished';
  }
  if (step.finished) return 'finished';
  return step.failure ? 'failed' : 'not reported';
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function byCount(map: ReadonlyMap<string, number>): Count[] {
  return [...map]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Known severities from critical down, then anything else by name. */
function bySeverity(map: ReadonlyMap<string, number>): Count[] {
  const rank = (name: string): number => {
    const index = SEVERITY_ORDER.indexOf(name);
    return index === -1 ? SEVERITY_ORDER.length : index;
  };
  return [...map]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

// Step reports are loosely typed records; read only what has the right shape.

function numberIn(report: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = report?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringsIn(report: Record<string, unknown> | undefined, key: string): string[] {
  const value = report?.[key];
  return Array.isArray(value) ? (value as unknown[]).filter((item): item is string => typeof item === 'string') : [];
}

function recordIn(report: Record<string, unknown> | undefined, key: string): Record<string, number> {
  const value = report?.[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const counts: Record<string, number> = {};
  for (const [name, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count === 'number' && Number.isFinite(count)) counts[name] = count;
  }
  return counts;
}
