/** Date handling in the forms Qualys uses on the wire. */

/** `2024-05-01T12:30:00Z`: UTC, whole seconds, the form every response uses. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19) + 'Z';
}

const FO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/;

/**
 * Reads a date parameter of the VM ("fo") API. Qualys accepts `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:MM:SSZ`; milliseconds or an offset make it answer 400 with
 * code 1905, which is why this returns undefined for them rather than being
 * lenient.
 */
export function parseFoDate(value: string): number | undefined {
  const match = FO_DATE.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Date.UTC rolls 2024-02-31 into March; Qualys would refuse such a date.
  return isoSeconds(ms).startsWith(`${y}-${mo}-${d}`) ? ms : undefined;
}

/** QPS criteria dates are ISO-8601; the QPS API is less strict about the form. */
export function parseQpsDate(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A moment given to a mutator: epoch milliseconds, a Date or an ISO string. */
export type Instant = number | Date | string;

export function toEpochMs(at: Instant): number {
  const ms =
    typeof at === 'number' ? at : at instanceof Date ? at.getTime() : Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`not a valid instant: ${String(at)}`);
  // Responses carry whole seconds; keep stored values comparable with them.
  return Math.floor(ms / 1000) * 1000;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
