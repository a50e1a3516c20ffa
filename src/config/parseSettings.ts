import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { configError } from '../userFacingError';

/**
 * Parsers for the text settings. Every error names the field, its environment
 * variable and what is accepted, so the fix is in the message.
 */

export function envName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function invalid(field: string, problem: string, accepted: string): IntegrationValidationError {
  return configError(`Invalid ${field} (${envName(field)}): ${problem}. Accepted: ${accepted}.`);
}

export function listSetting(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The items of a list setting; `undefined` when it is unset or blank (the
 * default applies). A value of commas and spaces only is refused: it says
 * something, but nothing the default could stand for.
 */
function listItemsOrFallback(field: string, value: string | undefined, accepted: string): string[] | undefined {
  const items = listSetting(value);
  if (items.length) return items;
  if ((value ?? '').trim() === '') return undefined;
  throw invalid(field, `"${value}" lists no value`, accepted);
}

/** Picks each item from `allowed` (case-insensitive) and returns its spelling there. */
export function choiceList(
  field: string,
  value: string | undefined,
  allowed: readonly string[],
  fallback: readonly string[],
): string[] {
  const items = listItemsOrFallback(field, value, allowed.join(', '));
  if (!items) return [...fallback];
  return unique(
    items.map((item) => {
      const match = allowed.find((a) => a.toLowerCase() === item.toLowerCase());
      if (!match) throw invalid(field, `"${item}" is not a known value`, allowed.join(', '));
      return match;
    }),
  );
}

export function integerList(
  field: string,
  value: string | undefined,
  range: { min: number; max: number },
  fallback: readonly number[],
): number[] {
  const items = listItemsOrFallback(field, value, `a comma-separated list of whole numbers from ${range.min} to ${range.max}`);
  if (!items) return [...fallback];
  return unique(
    items.map((item) => {
      const n = Number(item);
      if (!/^\d+$/.test(item) || n < range.min || n > range.max) {
        throw invalid(field, `"${item}" is not a whole number from ${range.min} to ${range.max}`, `a comma-separated list of whole numbers from ${range.min} to ${range.max}`);
      }
      return n;
    }),
  );
}

export function booleanSetting(field: string, value: string | undefined, fallback: boolean): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw invalid(field, `"${value}" is not a yes/no value`, 'true or false (also yes/no, on/off, 1/0)');
}

export function daysSetting(field: string, value: string | undefined, fallback: number): number {
  const text = (value ?? '').trim();
  if (text === '') return fallback;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 3650) {
    throw invalid(field, `"${value}" is not a number of days`, 'a whole number of days from 1 to 3650');
  }
  return days;
}

export function choice<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return fallback;
  const match = allowed.find((a) => a.toLowerCase() === text);
  if (!match) throw invalid(field, `"${value}" is not a known value`, allowed.join(', '));
  return match;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
