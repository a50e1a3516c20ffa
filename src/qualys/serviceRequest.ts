/** One QPS search criterion: `<Criteria field=".." operator="..">value</Criteria>`. */
export interface Criterion {
  field: string;
  operator: 'EQUALS' | 'IN' | 'GREATER' | 'LESSER' | 'CONTAINS' | 'NOT EQUALS';
  value: string;
}

export interface ServiceRequestInput {
  criteria: Criterion[];
  limitResults?: number;
  startFromOffset?: number;
}

/**
 * The XML body of a QPS search. Every value is escaped: criteria may carry
 * user-configured names and ids.
 */
export function buildServiceRequest(input: ServiceRequestInput): string {
  const preferences: string[] = [];
  if (input.limitResults !== undefined) {
    preferences.push(`<limitResults>${input.limitResults}</limitResults>`);
  }
  if (input.startFromOffset !== undefined) {
    preferences.push(`<startFromOffset>${input.startFromOffset}</startFromOffset>`);
  }
  const criteria = input.criteria.map(
    (c) =>
      `<Criteria field="${escapeXml(c.field)}" operator="${escapeXml(c.operator)}">${escapeXml(c.value)}</Criteria>`,
  );
  return [
    '<ServiceRequest>',
    preferences.length ? `<preferences>${preferences.join('')}</preferences>` : '',
    criteria.length ? `<filters>${criteria.join('')}</filters>` : '',
    '</ServiceRequest>',
  ].join('');
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Qualys accepts `YYYY-MM-DDTHH:MM:SSZ` only: UTC, no milliseconds, no offset. */
export function toQualysDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
