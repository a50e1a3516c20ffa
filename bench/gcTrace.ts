import fs from 'node:fs';

/**
 * Peak RSS of a node process says more about when the garbage collector ran
 * than about what the process needed: at 10k hosts the product peaked at
 * ~770 MiB with ~160 MiB live after each full collection. So each measured
 * child also runs with `--trace-gc`, and the largest heap left after a full
 * (mark-compact) collection is kept as a steadier measure of memory needed.
 */

export const TRACE_GC_FLAG = '--trace-gc';

// e.g. "[123:0x...]  4567 ms: Mark-Compact 621.8 (661.9) -> 161.8 (593.4) MB, ..."
const MARK_COMPACT = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;

/** Largest heap (MiB, as V8 counts MB) after a mark-compact in a `--trace-gc` log; undefined if none ran. */
export function largestLiveHeapMiB(file: string): number | undefined {
  let largest: number | undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const match = MARK_COMPACT.exec(line);
    if (match) largest = Math.max(largest ?? 0, Number(match[1]));
  }
  return largest;
}
