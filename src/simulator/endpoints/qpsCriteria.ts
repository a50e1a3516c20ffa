import { parseQpsDate } from '../dates';
import { Criterion } from '../http/incomingCall';

/** How one QPS search field is read from a record and compared. */
export interface FieldSpec<T> {
  kind: 'number' | 'date' | 'text' | 'boolean';
  get(record: T): number | string | boolean | undefined;
}

/** Why QPS refuses a request: errorMessage and errorResolution. */
export interface QpsProblem {
  message: string;
  resolution?: string;
}

type Value = number | string | boolean;

const OPERATORS: Record<FieldSpec<unknown>['kind'], readonly string[]> = {
  number: ['EQUALS', 'NOT EQUALS', 'IN', 'GREATER', 'LESSER'],
  date: ['EQUALS', 'GREATER', 'LESSER'],
  text: ['EQUALS', 'NOT EQUALS', 'IN', 'CONTAINS'],
  boolean: ['EQUALS'],
};

/**
 * Turns ServiceRequest filters into one predicate (all must hold). Anything
 * QPS would refuse (unknown field, operator or value format) comes back as
 * the problem QPS reports with INVALID_REQUEST.
 */
export function compileCriteria<T>(
  criteria: readonly Criterion[],
  fields: Record<string, FieldSpec<T>>,
):
  | { test: (record: T) => boolean; problem?: undefined }
  | { test?: undefined; problem: QpsProblem } {
  const tests: ((record: T) => boolean)[] = [];
  for (const c of criteria) {
    const spec = fields[c.field];
    if (!spec) {
      return {
        problem: {
          message: `Criteria: unsupported field '${c.field}'.`,
          resolution: `Fields supported here: ${Object.keys(fields).join(', ')}.`,
        },
      };
    }
    const operator = c.operator.replace(/_/g, ' ');
    if (!OPERATORS[spec.kind].includes(operator)) {
      return {
        problem: { message: `Criteria: operator '${c.operator}' is not allowed for field '${c.field}'.` },
      };
    }
    const raw = operator === 'IN' ? c.value.split(',').map((v) => v.trim()) : [c.value.trim()];
    const values: Value[] = [];
    for (const text of raw) {
      const value = convert(spec.kind, text);
      if (value === undefined) {
        return {
          problem: {
            message: `Criteria: the value of '${c.field}' has the wrong format (${c.value}).`,
            resolution: expected(spec.kind),
          },
        };
      }
      values.push(value);
    }
    tests.push(predicate(spec, operator, values));
  }
  return { test: (record) => tests.every((t) => t(record)) };
}

function convert(kind: FieldSpec<unknown>['kind'], text: string): Value | undefined {
  switch (kind) {
    case 'number':
      return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
    case 'date':
      return parseQpsDate(text);
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    default:
      return text;
  }
}

function expected(kind: FieldSpec<unknown>['kind']): string {
  switch (kind) {
    case 'number':
      return 'Expected: whole numbers.';
    case 'date':
      return 'Expected: dates such as 2024-01-31T00:00:00Z.';
    case 'boolean':
      return 'Expected: true or false.';
    default:
      return 'Expected: text.';
  }
}

function predicate<T>(
  spec: FieldSpec<T>,
  operator: string,
  values: Value[],
): (record: T) => boolean {
  const first = values[0];
  switch (operator) {
    case 'IN':
      return (r) => values.includes(spec.get(r) as Value);
    case 'NOT EQUALS':
      return (r) => spec.get(r) !== first;
    case 'GREATER':
      return (r) => {
        const v = spec.get(r);
        return v !== undefined && v > first;
      };
    case 'LESSER':
      return (r) => {
        const v = spec.get(r);
        return v !== undefined && v < first;
      };
    case 'CONTAINS':
      return (r) => String(spec.get(r) ?? '').toLowerCase().includes(String(first).toLowerCase());
    default:
      return (r) => spec.get(r) === first;
  }
}

/** Offset paging from ServiceRequest preferences: 1-based offset, at most 1000 a page. */
export function readPaging(
  preferences: Record<string, string>,
  defaultLimit = 100,
): { limit: number; offset: number; problem?: undefined } | { problem: QpsProblem } {
  const limitText = preferences.limitResults;
  const offsetText = preferences.startFromOffset;
  if (limitText !== undefined && !/^\d{1,9}$/.test(limitText)) {
    return { problem: { message: `Invalid value for limitResults: ${limitText}.` } };
  }
  if (offsetText !== undefined && !/^\d{1,9}$/.test(offsetText)) {
    return { problem: { message: `Invalid value for startFromOffset: ${offsetText}.` } };
  }
  const limit = limitText === undefined ? defaultLimit : Math.min(1000, Math.max(1, Number(limitText)));
  const offset = offsetText === undefined ? 1 : Math.max(1, Number(offsetText));
  return { limit, offset };
}
