/**
 * A small element tree for one record of a Qualys response (one HOST, one
 * HostAsset, one VULN...). Children are always an array, so a repeated element
 * that happens to occur once, or not at all, reads the same way as a list:
 * this is the one place where Qualys's single-vs-list ambiguity is resolved.
 */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  /** Text and CDATA content, concatenated in document order. */
  text: string;
  children: XmlNode[];
  /** Set when the text went past the reader's cap and the rest was dropped. */
  truncated?: true;
}

/** Follows a path of child names; the first match at each level wins. */
export function childAt(
  node: XmlNode | undefined,
  ...path: string[]
): XmlNode | undefined {
  let current = node;
  for (const name of path) {
    if (!current) return undefined;
    current = current.children.find((c) => c.name === name);
  }
  return current;
}

/**
 * Every element at the end of the path: `childrenAt(host, 'DETECTION_LIST',
 * 'DETECTION')` is `[]`, `[one]` or `[many]`, never an object.
 */
export function childrenAt(
  node: XmlNode | undefined,
  ...path: string[]
): XmlNode[] {
  if (!node || path.length === 0) return [];
  let level: XmlNode[] = [node];
  for (const name of path) {
    level = level.flatMap((n) => n.children.filter((c) => c.name === name));
  }
  return level;
}

/** Trimmed text at the path; empty text and absent elements are `undefined`. */
export function textAt(
  node: XmlNode | undefined,
  ...path: string[]
): string | undefined {
  const target = childAt(node, ...path);
  if (!target || target.children.length > 0) return undefined;
  const value = target.text.trim();
  return value === '' ? undefined : value;
}

/** Text at the path with inner whitespace kept (scan results, solutions). */
export function rawTextAt(
  node: XmlNode | undefined,
  ...path: string[]
): string | undefined {
  const target = childAt(node, ...path);
  if (!target || target.text.trim() === '') return undefined;
  return target.text;
}
