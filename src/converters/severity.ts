/** Qualys severity 1-5 → the data model's words and its 0-10 scale. */
export interface NormalizedSeverity {
  severity: string;
  numericSeverity: number;
}

const SCALE: Record<number, NormalizedSeverity> = {
  0: { severity: 'none', numericSeverity: 0 },
  1: { severity: 'informational', numericSeverity: 1 },
  2: { severity: 'low', numericSeverity: 4 },
  3: { severity: 'medium', numericSeverity: 6 },
  4: { severity: 'high', numericSeverity: 8 },
  5: { severity: 'critical', numericSeverity: 10 },
};

export function normalizeSeverity(qualysSeverity: number | undefined): NormalizedSeverity {
  if (qualysSeverity === undefined || qualysSeverity < 0) return SCALE[1];
  return SCALE[Math.min(5, Math.round(qualysSeverity))];
}
