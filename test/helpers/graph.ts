import { RecordedRequest, expandIdList } from './caseServer';
import { CollectOutcome, GraphObject, mappedTarget } from './collectRun';

/** Ways to look into one collector run: its graph, its steps, its requests. */

export const HOST_FINDING = 'qualys_host_finding';
export const WEB_APP_FINDING = 'qualys_web_app_finding';

export const Paths = {
  PORTAL_VERSION: /^\/qps\/rest\/portal\/version$/,
  HOST_LIST: /^\/api\/2\.0\/fo\/asset\/host$/,
  DETECTIONS: /^\/api\/2\.0\/fo\/asset\/host\/vm\/detection$/,
  KNOWLEDGE_BASE: /^\/api\/2\.0\/fo\/knowledge_base\/vuln$/,
  HOST_ASSETS: /^\/qps\/rest\/2\.0\/search\/am\/hostasset$/,
  WEB_APPS: /^\/qps\/rest\/3\.0\/search\/was\/webapp$/,
  WEB_APP_FINDINGS: /^\/qps\/rest\/3\.0\/search\/was\/finding$/,
};

export function entitiesOfType(run: CollectOutcome, type: string): GraphObject[] {
  return run.entities.filter((e) => e._type === type);
}

export function hostFindings(run: CollectOutcome): GraphObject[] {
  return entitiesOfType(run, HOST_FINDING);
}

export function webAppFindings(run: CollectOutcome): GraphObject[] {
  return entitiesOfType(run, WEB_APP_FINDING);
}

/** Host findings of one Qualys host, optionally narrowed to a QID and a port. */
export function findingsOf(run: CollectOutcome, hostId: number, qid?: number, port?: number): GraphObject[] {
  return hostFindings(run).filter(
    (f) => String(f.hostId) === String(hostId) && (qid === undefined || f.qid === qid) && (port === undefined || f.port === port),
  );
}

/** The single host finding for host + QID (+ port); fails the test when there is not exactly one. */
export function theFinding(run: CollectOutcome, hostId: number, qid: number, port?: number): GraphObject {
  const found = findingsOf(run, hostId, qid, port);
  if (found.length !== 1) {
    throw new Error(`expected one finding for host ${hostId}, QID ${qid}${port ? `, port ${port}` : ''}; found ${found.length}`);
  }
  return found[0];
}

const sourceKeyOf = (r: GraphObject) =>
  (r._mapping as { sourceEntityKey?: string } | undefined)?.sourceEntityKey ?? (r._fromEntityKey as string | undefined);

/** Relationships that start at `key` (the source of a mapping, or `_fromEntityKey`). */
export function relationshipsFrom(run: CollectOutcome, key: unknown, relationshipClass?: string): GraphObject[] {
  return run.relationships.filter((r) => sourceKeyOf(r) === key && (!relationshipClass || r._class === relationshipClass));
}

/** Distinct mapped targets of a type, by `_key`. */
export function targetsOfType(run: CollectOutcome, type: string): GraphObject[] {
  const byKey = new Map<string, GraphObject>();
  for (const relationship of run.relationships) {
    const target = mappedTarget(relationship);
    if (target?._type === type) byKey.set(String(target._key), target);
  }
  return [...byKey.values()];
}

/** The `qualys_vuln` targets (knowledge-base vulnerabilities) of a QID. */
export function vulnerabilitiesOf(run: CollectOutcome, qid: number): GraphObject[] {
  return targetsOfType(run, 'qualys_vuln').filter((v) => v.qid === qid);
}

/** `IS qualys_vuln` relationships of a finding. */
export function isVulnerability(run: CollectOutcome, finding: GraphObject): GraphObject[] {
  return relationshipsFrom(run, finding._key, 'IS').filter((r) => mappedTarget(r)?._type === 'qualys_vuln');
}

/** `SCANS` relationships whose host target is the given Qualys host. */
export function scansOfHost(run: CollectOutcome, hostId: number): GraphObject[] {
  return run.relationships.filter((r) => r._class === 'SCANS' && String(mappedTarget(r)?.qualysHostId) === String(hostId));
}

export function stepStatuses(run: CollectOutcome): Record<string, string> {
  return Object.fromEntries((run.summary?.integrationStepResults ?? []).map((s) => [s.id, s.status]));
}

export function failedSteps(run: CollectOutcome): string[] {
  return (run.summary?.integrationStepResults ?? []).filter((s) => s.status !== 'success' && s.status !== 'disabled').map((s) => s.id);
}

export function partialTypes(run: CollectOutcome): string[] {
  return run.summary?.metadata?.partialDatasets?.types ?? [];
}

/** A clean run: exit 0, a summary, every step a success, no type reported partial. */
export function expectCleanRun(run: CollectOutcome): void {
  expect({ exitCode: run.exitCode, timedOut: run.timedOut, summary: !!run.summary }).toEqual({ exitCode: 0, timedOut: false, summary: true });
  expect({ failedSteps: failedSteps(run), partialTypes: partialTypes(run) }).toEqual({ failedSteps: [], partialTypes: [] });
}

/** True when the run must not be taken for a complete, successful collection. */
export function notPresentedAsComplete(run: CollectOutcome): boolean {
  return run.exitCode !== 0 || !run.summary || failedSteps(run).length > 0 || partialTypes(run).length > 0;
}

export function requestsTo(run: CollectOutcome, pattern: RegExp): RecordedRequest[] {
  return run.requests.filter((r) => pattern.test(r.path));
}

/** Ids listed in a request parameter, ranges expanded. */
export function idsIn(request: RecordedRequest, param = 'ids'): string[] {
  return expandIdList(request.params[param]);
}

/** Every QID the knowledge base was asked for, one entry per time asked. */
export function knowledgeBaseQids(run: CollectOutcome): string[] {
  return requestsTo(run, Paths.KNOWLEDGE_BASE).flatMap((r) => idsIn(r));
}

/** Log lines at WARN or ERROR level. */
export function warningsAndErrors(run: CollectOutcome): string[] {
  return run.log.split('\n').filter((line) => /^\S+\s+(WARN|ERROR)\b/.test(line.trim()));
}

export const sorted = <T>(values: T[]): T[] => [...values].sort();
