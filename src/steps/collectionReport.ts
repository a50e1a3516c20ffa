/**
 * What a step collected and what it could not, in numbers an operator can
 * check: logged at the end of the step and published as its summary event.
 */
export class CollectionReport {
  readonly counts = new Map<string, number>();
  readonly skipped = new Map<string, number>();
  readonly isolatedHosts: string[] = [];
  readonly problems: string[] = [];
  readonly findingsBySeverity = new Map<string, number>();
  readonly findingsByStatus = new Map<string, number>();

  add(name: string, amount = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + amount);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  skip(reason: string, amount = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + amount);
  }

  finding(severity: string, status: string | undefined): void {
    this.findingsBySeverity.set(severity, (this.findingsBySeverity.get(severity) ?? 0) + 1);
    const key = status ?? 'unknown';
    this.findingsByStatus.set(key, (this.findingsByStatus.get(key) ?? 0) + 1);
  }

  /** True when something that should have been collected was not. */
  get incomplete(): boolean {
    return this.isolatedHosts.length > 0 || this.problems.length > 0;
  }

  toJSON(): Record<string, unknown> {
    return {
      ...Object.fromEntries(this.counts),
      skipped: Object.fromEntries(this.skipped),
      findingsBySeverity: Object.fromEntries(this.findingsBySeverity),
      findingsByStatus: Object.fromEntries(this.findingsByStatus),
      isolatedHosts: this.isolatedHosts,
      problems: this.problems,
    };
  }

  describe(): string {
    const parts = [...this.counts].map(([name, n]) => `${n} ${name}`);
    const skipped = [...this.skipped].map(([reason, n]) => `${n} ${reason}`);
    if (skipped.length) parts.push(`skipped: ${skipped.join(', ')}`);
    if (this.isolatedHosts.length) parts.push(`hosts that failed on their own: ${this.isolatedHosts.join(', ')}`);
    if (this.problems.length) parts.push(`problems: ${this.problems.map((p) => p.replace(/\.$/, '')).join('; ')}`);
    return parts.join('; ');
  }
}
