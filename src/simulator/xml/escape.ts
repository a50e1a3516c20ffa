/** The few XML text helpers every writer shares; no DOM, just strings. */

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an element body or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c]) : text;
}

/**
 * Wraps text in CDATA as Qualys does for free text. A literal `]]>` cannot
 * live inside one section, so it is split across two, the way Qualys does.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** `<NAME>escaped</NAME>` */
export function el(name: string, value: string | number): string {
  return `<${name}>${typeof value === 'number' ? value : escapeXml(value)}</${name}>`;
}

/** Decodes the five predefined entities and numeric references. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[ref] ?? '';
  });
}
