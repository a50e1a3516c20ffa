import { SaxesParser } from 'saxes';
import { XmlNode } from './xmlNode';

/** A whole element found at one of the paths the reader was asked for. */
export interface XmlRecord {
  /** Slash-joined element names from the root, e.g. `SIMPLE_RETURN/RESPONSE`. */
  path: string;
  node: XmlNode;
}

export interface XmlRecordReaderOptions {
  /** Element paths (from the root) whose elements are emitted whole. */
  recordPaths: Iterable<string>;
  /** Text kept per element; the rest is dropped and the node marked truncated. */
  maxTextLength: number;
  onRecord(record: XmlRecord): void;
  /** Told the name of the document element as soon as it opens. */
  onRoot?(name: string): void;
}

/** The document was refused before anything in it was trusted. */
export class XmlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefusedError';
  }
}

/** The document broke the XML rules (or ended early) at a known position. */
export class XmlSyntaxError extends Error {
  constructor(message: string, readonly truncated: boolean) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

// XML 1.0 forbids these code points even inside CDATA. Qualys has sent them in
// scan results (terminal escape codes); strict parsers then drop the whole
// page. They carry no meaning in the graph, so they are removed before parsing.
const ILLEGAL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The path entry of an element inside a record, whose own path is never asked for. */
const INSIDE_RECORD = '';

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A plain copy of the parser's attributes; most Qualys elements have none. */
function copyAttributes(attributes: Record<string, string>): Record<string, string> {
  for (const _name in attributes) return { ...attributes };
  return NO_ATTRIBUTES;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return false;
  }
  return true;
}

/**
 * Turns a stream of XML text into whole records at chosen paths, holding only
 * the record being built. Built on saxes, which never resolves a DTD and treats
 * any entity other than the five predefined ones as an error, so nothing is
 * fetched or expanded; a document that declares entities is refused outright.
 */
export class XmlRecordReader {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  private readonly recordPaths: Set<string>;
  private readonly pathStack: string[] = [];
  /** Open elements of the record being built; empty outside records. */
  private readonly open: XmlNode[] = [];
  private failure: Error | undefined;
  private sawRoot = false;
  /** Illegal control characters removed so far. */
  strippedCharacters = 0;

  constructor(private readonly options: XmlRecordReaderOptions) {
    this.recordPaths = new Set(options.recordPaths);
    const parser = this.parser;
    parser.on('doctype', (doctype) => {
      if (/<!ENTITY/i.test(doctype)) {
        this.fail(
          new XmlRefusedError(
            'the document declares its own entities (DOCTYPE internal subset); it is refused so that nothing is expanded',
          ),
        );
      }
    });
    parser.on('opentag', (tag) => this.openTag(tag.name, tag.attributes));
    parser.on('closetag', () => this.closeTag());
    parser.on('text', (text) => this.appendText(text));
    parser.on('cdata', (text) => this.appendText(text));
    parser.on('error', (err) => {
      const truncated = /unclosed|unexpected end|premature end|must contain a root element/i.test(err.message);
      this.fail(new XmlSyntaxError(err.message, truncated));
    });
  }

  /** Feeds the next piece of the document; throws at the first error. */
  write(chunk: string): void {
    this.throwIfFailed();
    const clean = chunk.replace(ILLEGAL_CHARACTERS, () => {
      this.strippedCharacters++;
      return '';
    });
    this.parser.write(clean);
    this.throwIfFailed();
  }

  /** Ends the document; throws if it was cut short or empty. */
  close(): void {
    this.throwIfFailed();
    this.parser.close();
    this.throwIfFailed();
    if (!this.sawRoot) {
      throw new XmlSyntaxError('the response body holds no XML element', true);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private openTag(name: string, attributes: Record<string, string>): void {
    if (this.failure) return;
    if (!this.sawRoot) {
      this.sawRoot = true;
      this.options.onRoot?.(name);
    }
    const parent = this.open[this.open.length - 1];
    if (parent) {
      // Inside a record only the tree matters; no path string is built for
      // each of its elements (a detection page has millions of them).
      this.pathStack.push(INSIDE_RECORD);
      const node: XmlNode = { name, attributes: copyAttributes(attributes), text: '', children: [] };
      parent.children.push(node);
      this.open.push(node);
      return;
    }
    const parentPath = this.pathStack[this.pathStack.length - 1];
    const path = parentPath === undefined ? name : `${parentPath}/${name}`;
    this.pathStack.push(path);
    if (!this.recordPaths.has(path)) return;
    this.open.push({ name, attributes: copyAttributes(attributes), text: '', children: [] });
  }

  private closeTag(): void {
    if (this.failure) return;
    const path = this.pathStack.pop();
    const node = this.open.pop();
    if (node && this.open.length === 0 && path !== undefined) {
      this.options.onRecord({ path, node });
    }
  }

  private appendText(text: string): void {
    const node = this.open[this.open.length - 1];
    if (!node || node.truncated) return;
    // The indentation between child elements is not content; Qualys's
    // records hold no mixed content, so it is not kept.
    if (node.children.length > 0 && isBlank(text)) return;
    const room = this.options.maxTextLength - node.text.length;
    if (text.length <= room) {
      node.text += text;
      return;
    }
    node.text += text.slice(0, Math.max(0, room));
    node.truncated = true;
  }

  /** Line and column of the parser, for error messages. */
  get position(): string {
    return `line ${this.parser.line}, column ${this.parser.column}`;
  }
}
