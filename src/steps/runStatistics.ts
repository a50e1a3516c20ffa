/**
 * Figures of a whole run, for the closing summary and the HTML report. Every
 * map is keyed by something bounded by the subscription's shape (QIDs, CVEs,
 * web apps, target types), never by findings.
 */
export class RunStatistics {
  readonly findingsBySeverity = new Map<string, number>();
  readonly findingsByStatus = new Map<string, number>();
  readonly webFindingsBySeverity = new Map<string, number>();
  readonly findingsByQid = new Map<number, { count: number; title?: string; severity?: string }>();
  readonly findingsByCve = new Map<string, number>();
  readonly hostsByTarget = new Map<string, number>();
  readonly webAppFindings = new Map<string, { count: number; name?: string; url?: string }>();
  /** Per step: its collection report (counts, skips with reasons, problems). */
  readonly steps = new Map<string, Record<string, unknown>>();
  /** Per step that threw: its error message, as the log has it. */
  readonly failures = new Map<string, string>();

  hostFinding(finding: { severity: string; status?: string; qid: number; title?: string; cveIds?: readonly string[] }): void {
    increment(this.findingsBySeverity, finding.severity);
    increment(this.findingsByStatus, finding.status ?? 'unknown');
    const qid = this.findingsByQid.get(finding.qid) ?? { count: 0, title: finding.title, severity: finding.severity };
    qid.count++;
    this.findingsByQid.set(finding.qid, qid);
    for (const cve of finding.cveIds ?? []) increment(this.findingsByCve, cve);
  }

  host(targetType: string): void {
    increment(this.hostsByTarget, targetType);
  }

  webAppFinding(finding: { severity: string; webAppId?: string; webAppName?: string; webAppUrl?: string; cveIds?: readonly string[] }): void {
    increment(this.webFindingsBySeverity, finding.severity);
    for (const cve of finding.cveIds ?? []) increment(this.findingsByCve, cve);
    if (!finding.webAppId) return;
    const app = this.webAppFindings.get(finding.webAppId) ?? { count: 0, name: finding.webAppName, url: finding.webAppUrl };
    app.count++;
    this.webAppFindings.set(finding.webAppId, app);
  }

  stepReport(stepId: string, report: Record<string, unknown>): void {
    this.steps.set(stepId, report);
  }

  stepFailure(stepId: string, message: string): void {
    this.failures.set(stepId, message);
  }
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
