/**
 * Checks on graph object properties that the data-model schemas do not make:
 * JupiterOne stores flat properties (text, numbers, booleans and arrays of
 * them), so a nested object, or an object turned into text by accident, is a
 * converter bug.
 */

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * What is wrong with an object's properties, one line per problem (an empty
 * list when nothing is). `_rawData` is the SDK's own nested field and is
 * skipped.
 */
export function propertyProblems(object: object): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === '_rawData') continue;
    const at = `${key}=${JSON.stringify(value)}`;
    if (value === undefined || value === null) {
      problems.push(`${key} is ${String(value)}`);
    } else if (Array.isArray(value)) {
      if (!value.every(isScalar)) problems.push(`${at}: an array holds a non-scalar value`);
      if (value.some((item) => typeof item === 'string' && item.includes('[object Object]'))) {
        problems.push(`${at}: "[object Object]" in an array item`);
      }
      if (value.some((item) => typeof item === 'number' && !Number.isFinite(item))) {
        problems.push(`${at}: a non-finite number in an array`);
      }
    } else if (!isScalar(value)) {
      problems.push(`${at}: the value is an object`);
    } else if (typeof value === 'string' && value.includes('[object Object]')) {
      problems.push(`${at}: "[object Object]" in the text`);
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push(`${key} is ${value}`);
    }
  }
  return problems;
}

// 1990-01-01 and 2100-01-01: any Qualys timestamp falls between them (the
// knowledge base dates its oldest entries 1999), while epoch seconds or a
// date string parsed the wrong way do not.
const EARLIEST_MS = Date.UTC(1990, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

/** Whether a value is a timestamp in epoch milliseconds (a whole number in range). */
export function isEpochMs(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= EARLIEST_MS && value < LATEST_MS;
}

/**
 * The named timestamp properties that are present but not epoch ms, as
 * `name=value` lines (empty when all are right).
 */
export function timestampProblems(object: Record<string, unknown>, names: readonly string[]): string[] {
  return names
    .filter((name) => object[name] !== undefined && !isEpochMs(object[name]))
    .map((name) => `${name}=${JSON.stringify(object[name])}`);
}

/** The values that occur more than once. */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

/** HTML tags or character references left in text that should be plain. */
export function markupIn(text: string): string[] {
  return [...text.matchAll(/<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi)].map((match) => match[0]);
}

/**
 * The data-model's Finding schema makes ajv print "strict mode" warnings each
 * time the schema matcher compiles it. Those say nothing about the data under
 * test, so they are dropped; every other warning still reaches the console.
 * Returns the restore function (call it in `afterAll`).
 */
export function dropSchemaStrictModeWarnings(): () => void {
  const original = console.warn.bind(console);
  const spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('strict mode:')) return;
    original(...args);
  });
  return () => spy.mockRestore();
}
