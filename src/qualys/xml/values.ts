/**
 * Explicit conversions of XML text. Nothing is guessed from the shape of a
 * value: an id stays a string (Qualys ids can pass 2^53, AWS account ids have
 * leading zeros), and a number is a number only where the field is numeric.
 */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A safe integer, or `undefined` for anything else (garbled, empty, huge). */
export function toInteger(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function toDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Qualys writes flags as 0/1 in the VM API and true/false in QPS. */
export function toFlag(text: string | undefined): boolean | undefined {
  switch (text?.trim().toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      return undefined;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds from a Qualys timestamp (`2026-11-29T17:00:00Z`, with or
 * without seconds or zone; a value without a zone is UTC, as Qualys documents).
 * Surrounding whitespace and line breaks are ignored; anything else that is not
 * a date gives `undefined`, never `NaN`.
 */
export function toEpochMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // The form Qualys writes millions of times a run (2026-11-29T17:00:00Z):
  // Date.parse alone decides it, and says NaN for anything malformed.
  if (text.length === 20 && text.charCodeAt(10) === 0x54 && text.charCodeAt(19) === 0x5a) {
    const value = Date.parse(text);
    if (Number.isFinite(value)) return value;
  }
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10;
  const value = Date.parse(zoned ? trimmed : `${trimmed.replace(' ', 'T')}Z`);
  return Number.isFinite(value) ? value : undefined;
}

/** An id as Qualys wrote it: digits only, kept as a string. */
export function toId(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && /^\d+$/.test(trimmed) ? trimmed : undefined;
}
