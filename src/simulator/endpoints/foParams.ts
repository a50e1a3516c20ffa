import { parseFoDate } from '../dates';
import { SimulatedSubscription } from '../model/subscription';

/** Readers for VM ("fo") API parameters. Each returns an error text instead of throwing. */

export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** Inclusive integer ranges, sorted and merged: `1,5-9,12` → [[1,1],[5,9],[12,12]]. */
export type Ranges = [number, number][];

/** Reads a comma list of positive integers and `a-b` ranges, as `ids` and `qids` take. */
export function parseRanges(text: string): Parsed<Ranges> {
  const ranges: Ranges = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const match = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(token);
    if (!match) return { error: `not a positive integer or an a-b range: ${token}` };
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low <= 0 || high < low) return { error: `not a valid range: ${token}` };
    ranges.push([low, high]);
  }
  if (ranges.length === 0) return { error: 'empty list' };
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Ranges = [ranges[0]];
  for (const [low, high] of ranges.slice(1)) {
    const last = merged[merged.length - 1];
    if (low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return { value: merged };
}

/** Whether `n` lies in one of the (sorted) ranges. */
export function inRanges(ranges: Ranges, n: number): boolean {
  for (const [low, high] of ranges) {
    if (n < low) return false;
    if (n <= high) return true;
  }
  return false;
}

/** A date parameter; absent gives undefined, a refused form gives an error. */
export function parseDateParam(value: string | undefined): Parsed<number | undefined> {
  if (value === undefined || value === '') return { value: undefined };
  const ms = parseFoDate(value);
  return ms === undefined
    ? { error: 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, without milliseconds or offset' }
    : { value: ms };
}

/** A non-negative integer parameter. */
export function parseCount(value: string | undefined): Parsed<number | undefined> {
  if (value === undefined || value === '') return { value: undefined };
  return /^\d{1,9}$/.test(value) ? { value: Number(value) } : { error: 'not a non-negative integer' };
}

/** A single positive id parameter (id_min, id_max). */
export function parseId(value: string | undefined): Parsed<number | undefined> {
  if (value === undefined || value === '') return { value: undefined };
  return /^\d{1,15}$/.test(value) ? { value: Number(value) } : { error: 'not a positive integer' };
}

/** A 0/1 switch parameter; `true` is taken too. */
export function flag(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

/** A comma list parameter, blanks dropped. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Host indexes to consider, ascending: those in `ids` (or all), within
 * [idMin, idMax]. Generated lazily so 50,000 hosts cost nothing up front.
 */
export function* hostIndexes(
  sub: SimulatedSubscription,
  ids: Ranges | undefined,
  idMin: number | undefined,
  idMax: number | undefined,
): Generator<number> {
  const spans: Ranges = ids ?? [[1, Number.MAX_SAFE_INTEGER]];
  for (const [low, high] of spans) {
    const from = sub.firstIndexAtOrAbove(Math.max(low, idMin ?? 0));
    const to = sub.lastIndexAtOrBelow(Math.min(high, idMax ?? Number.MAX_SAFE_INTEGER));
    for (let index = from; index <= to; index++) yield index;
  }
}

/**
 * The next-page URL a truncated answer carries: the same call with every
 * original parameter, plus `id_min`. Commas and dashes stay readable.
 */
export function nextPageUrl(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  nextId: number,
): string {
  const pairs = Object.entries(params)
    .filter(([key]) => key !== 'id_min')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  pairs.push(`id_min=${nextId}`);
  return `${baseUrl}${path}?${pairs.join('&')}`;
}
