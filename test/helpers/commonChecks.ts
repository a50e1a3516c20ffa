import { CollectOutcome } from './collectRun';

/**
 * Expectations every case run must meet, whatever the case is about. Call
 * inside a `describe` whose `beforeAll` performed the run.
 */
export function describeCommonChecks(getRun: () => CollectOutcome): void {
  test('finishes on its own when given the time limit', () => {
    const run = getRun();
    expect({ timedOut: run.timedOut, signal: run.signal }).toEqual({ timedOut: false, signal: null });
  });

  test('keeps the password and Basic credentials out of the log and output files when it runs', () => {
    const run = getRun();
    expect({ log: run.logHasCredentials, files: run.filesWithCredentials }).toEqual({ log: false, files: [] });
  });

  test('writes no broken value ([object Object], NaN, null, control characters, CDATA markers, odd tags) when converting', () => {
    expect(getRun().badValues).toEqual([]);
  });

  test('writes every entity and relationship key once when it runs', () => {
    expect(getRun().duplicateKeys).toEqual([]);
  });

  test('logs no runtime crash when it runs', () => {
    const crashes = getRun()
      .log.split('\n')
      .filter((line) => /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b|is not a function|Cannot read propert|heap out of memory|Maximum call stack/.test(line));
    expect(crashes).toEqual([]);
  });

  test('authenticates every request and sends it to the configured origin only when it calls Qualys', () => {
    const run = getRun();
    expect(run.requests.length).toBeGreaterThan(0);
    const unauthenticated = run.requests.filter((r) => r.auth !== 'ok').map((r) => `${r.method} ${r.path}: ${r.auth}`);
    expect(unauthenticated).toEqual([]);
    // A next-page URL glued to the API origin shows up as a second scheme or host inside the path.
    const mangled = run.requests.filter((r) => /https?:|\/\/|%2F%2F/i.test(r.rawUrl.split('?')[0])).map((r) => r.rawUrl);
    expect(mangled).toEqual([]);
  });
}
