/** Longest text kept in any one property (scan results, solutions). */
export const MAX_PROPERTY_TEXT = 1000;

/**
 * Cuts text to `max` characters without splitting a character that takes two
 * UTF-16 code units, and says it was cut.
 */
export function boundedText(text: string | undefined, max = MAX_PROPERTY_TEXT): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Knowledge-base texts are HTML fragments. The graph stores them as plain
 * text: never markup that something downstream might render or re-parse.
 */
export function htmlToText(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const text = html
    .replace(/<(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  return text === '' ? undefined : text;
}

/** Drops undefined values so entities carry no empty properties. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  // for...in rather than Object.keys: no array of names made per entity.
  for (const key in object) {
    if (object[key] === undefined) delete object[key];
  }
  return object;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from.
 *
 * V8 makes a substring of 13 characters or more a view into its parent, and
 * the streaming parser's texts are substrings of whole network chunks (tens of
 * kB). A text that outlives its host (a host's target, held until its
 * relationships are handed to the SDK in full batches) would keep the whole
 * chunk alive. Concatenation makes a new string, and cutting the added
 * character off leaves a view into that new, right-sized string only.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** `properties` with every string, and every string of an array, replaced by its own copy (see ownCopy). */
export function withOwnStrings<T extends Record<string, unknown>>(properties: T): T {
  const copy: Record<string, unknown> = {};
  for (const name in properties) {
    const value: unknown = properties[name];
    copy[name] =
      typeof value === 'string'
        ? ownCopy(value)
        : Array.isArray(value)
          ? value.map((item: unknown) => (typeof item === 'string' ? ownCopy(item) : item))
          : value;
  }
  return copy as T;
}
