import dns from 'node:dns';
import net from 'node:net';
import { fixture, readRecords } from '../testing/xmlRecords';
import { XmlRecord, XmlRecordReader, XmlRefusedError, XmlSyntaxError } from './recordReader';
import { childrenAt, textAt } from './xmlNode';

// Every construct a chunk boundary can fall inside: the prolog, a DOCTYPE with
// an external DTD, comments, attributes with entities, CDATA (one split around
// a literal "]]>"), character references, CRLF, and multi-byte characters.
const RICH_DOCUMENT = [
  '<?xml version="1.0" encoding="UTF-8"?>\r\n',
  '<!DOCTYPE ROOT SYSTEM "https://qualysapi.example.com/api/2.0/root.dtd">\n',
  '<!-- This report was generated with an evaluation version //-->\n',
  '<ROOT>\n',
  '  <RESPONSE>\n',
  '    <!-- keep-alive -->\n',
  '    <ITEM id="1" note="a &amp; b &lt; c">\n',
  '      <NAME>Café – Zürich 日本 😀</NAME>\n',
  '      <NOTE><![CDATA[x < y && "q" ]]]]><![CDATA[> tail]]></NOTE>\n',
  '      <AMP>&amp;amp; &lt;b&gt; &#233; &#x1F600;</AMP>\n',
  '      <LINES>one\r\ntwo</LINES>\n',
  '    </ITEM>\n',
  '    <ITEM id="2"/>\n',
  '    <ITEM id="3"><NAME>ünïcödé\n',
  'second line</NAME></ITEM>\n',
  '  </RESPONSE>\n',
  '</ROOT>\n',
  '<!-- trailing comment //-->\n',
].join('');
const ITEM_PATH = 'ROOT/RESPONSE/ITEM';

function readInTwo(doc: string, at: number): XmlRecord[] {
  return readRecords([doc.slice(0, at), doc.slice(at)], [ITEM_PATH]);
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected the action to throw');
}

function readerFor(records: XmlRecord[], maxTextLength = 1_000_000): XmlRecordReader {
  return new XmlRecordReader({
    recordPaths: [ITEM_PATH, 'r/item', 'A/B'],
    maxTextLength,
    onRecord: (record) => records.push(record),
  });
}

describe('XmlRecordReader', () => {
  const whole = readRecords(RICH_DOCUMENT, [ITEM_PATH]);

  test('reads the rich document into the expected records', () => {
    expect(whole).toHaveLength(3);
    const [first, second, third] = whole.map((r) => r.node);
    expect(first.attributes).toEqual({ id: '1', note: 'a & b < c' });
    expect(textAt(first, 'NAME')).toBe('Café – Zürich 日本 😀');
    expect(textAt(first, 'NOTE')).toBe('x < y && "q" ]]> tail');
    expect(textAt(first, 'AMP')).toBe('&amp; <b> é 😀');
    expect(textAt(first, 'LINES')).toBe('one\ntwo');
    expect(second).toEqual({ name: 'ITEM', attributes: { id: '2' }, text: '', children: [] });
    expect(textAt(third, 'NAME')).toBe('ünïcödé\nsecond line');
    expect(whole.every((r) => r.path === ITEM_PATH)).toBe(true);
  });

  test('keeps the blanks of a leaf but not the indentation between child elements', () => {
    const [record] = readRecords('<R><ITEM>\n  <A>  padded  </A>\n  <B/>\n</ITEM></R>', ['R/ITEM']);
    expect(record.node.children.map((c) => c.text)).toEqual(['  padded  ', '']);
    expect(record.node.text.trim()).toBe('');
    expect(record.node.text.length).toBeLessThanOrEqual(3);
    expect(record.node.children[0].attributes).toEqual({});
  });

  test('yields identical records when the document is split at every position', () => {
    for (let at = 0; at <= RICH_DOCUMENT.length; at++) {
      expect({ at, records: readInTwo(RICH_DOCUMENT, at) }).toEqual({ at, records: whole });
    }
  });

  test('yields identical records when fed one character at a time', () => {
    expect(readRecords([...RICH_DOCUMENT], [ITEM_PATH])).toEqual(whole);
  });

  test('rejoins CDATA that was split around a literal "]]>"', () => {
    const [record] = readRecords('<A><B><![CDATA[a]]]]><![CDATA[>b]]></B></A>', ['A/B']);
    expect(record.node.text).toBe('a]]>b');
  });

  test('decodes entities exactly once', () => {
    const [record] = readRecords('<A><B>&amp;amp; &amp;lt; &quot;&apos;</B></A>', ['A/B']);
    expect(record.node.text).toBe('&amp; &lt; "\'');
  });

  test('keeps ids above 2^53 as exact strings', () => {
    const [record] = readRecords(
      '<A><B><instanceId>2152878541443265333</instanceId></B></A>',
      ['A/B'],
    );
    expect(textAt(record.node, 'instanceId')).toBe('2152878541443265333');
  });

  test('emits nothing outside the record paths and tells the root name', () => {
    const records: XmlRecord[] = [];
    const roots: string[] = [];
    const reader = new XmlRecordReader({
      recordPaths: ['A/B'],
      maxTextLength: 100,
      onRecord: (r) => records.push(r),
      onRoot: (name) => roots.push(name),
    });
    reader.write('<A><C><B>nested, not at the path</B></C><B>at the path</B>text</A>');
    reader.close();
    expect(roots).toEqual(['A']);
    expect(records.map((r) => r.node.text)).toEqual(['at the path']);
  });

  test('parses a real response whose DOCTYPE names an external DTD, fetching nothing', () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const lookup = jest.spyOn(dns, 'lookup');
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    try {
      const xml = fixture('host-ids.xml');
      expect(xml).toContain('<!DOCTYPE HOST_LIST_OUTPUT SYSTEM "https://');
      const ids = readRecords(xml, ['HOST_LIST_OUTPUT/RESPONSE/ID_SET/ID']);
      expect(ids.map((r) => r.node.text)).toEqual(['107800671']);
      expect(connect).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
      lookup.mockRestore();
      fetchSpy.mockRestore();
    }
  });

  test('refuses a billion-laughs document without expanding anything', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) {
      const previous = `&lol${i - 1};`.repeat(10);
      levels.push(`<!ENTITY lol${i} "${previous}">`);
    }
    const doc = `<?xml version="1.0"?><!DOCTYPE r [${levels.join('')}]><r><item>&lol9;</item></r>`;
    const records: XmlRecord[] = [];
    const reader = readerFor(records);

    const error = caught(() => {
      reader.write(doc);
      reader.close();
    });
    expect(error).toBeInstanceOf(XmlRefusedError);
    expect(records).toEqual([]);
  });

  test('refuses an external SYSTEM entity and never opens a connection', () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    try {
      const doc =
        '<?xml version="1.0"?>\n' +
        '<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>\n' +
        '<r><item>&xxe;</item></r>';
      const records: XmlRecord[] = [];
      const reader = readerFor(records);
      const error = caught(() => {
        reader.write(doc);
        reader.close();
      });
      expect(error).toBeInstanceOf(XmlRefusedError);
      expect(records).toEqual([]);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });

  test('refuses an entity declaration even when a chunk boundary splits it', () => {
    const doc = '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd">%p;]><r><item>x</item></r>';
    const at = doc.indexOf('ENTITY') + 3;
    const records: XmlRecord[] = [];
    const reader = readerFor(records);
    const error = caught(() => {
      reader.write(doc.slice(0, at));
      reader.write(doc.slice(at));
      reader.close();
    });
    expect(error).toBeInstanceOf(XmlRefusedError);
    expect(records).toEqual([]);
  });

  test('reports an entity that was never declared as a syntax error', () => {
    const error = caught(() => readRecords('<A><B>&xxe;</B></A>', ['A/B']));
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect((error as XmlSyntaxError).truncated).toBe(false);
  });

  test('throws a truncated XmlSyntaxError for a document cut mid-element', () => {
    const error = caught(() => readRecords('<A><B>one</B><B>tw', ['A/B']));
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect((error as XmlSyntaxError).truncated).toBe(true);
  });

  test('reports every cut of a real response before its end as truncated', () => {
    const xml = fixture('host-ids.xml');
    const end = xml.indexOf('</HOST_LIST_OUTPUT>');
    for (let at = 0; at < end; at++) {
      const error = caught(() => readRecords(xml.slice(0, at), ['HOST_LIST_OUTPUT/RESPONSE/ID_SET/ID']));
      expect({ at, error }).toEqual({ at, error: expect.any(XmlSyntaxError) });
      expect({ at, truncated: (error as XmlSyntaxError).truncated }).toEqual({ at, truncated: true });
    }
  });

  test('keeps the records read before a cut', () => {
    const records: XmlRecord[] = [];
    const reader = readerFor(records);
    reader.write('<A><B>one</B><B>two</B><B>thr');
    expect(() => reader.close()).toThrow(XmlSyntaxError);
    expect(records.map((r) => r.node.text)).toEqual(['one', 'two']);
  });

  test('strips and counts U+0001 and U+001B inside CDATA', () => {
    const records: XmlRecord[] = [];
    const reader = readerFor(records);
    reader.write('<A><B><![CDATA[scan \u001b[1mbold\u001b[0m \u0001end]]></B></A>');
    reader.close();
    expect(records[0].node.text).toBe('scan [1mbold[0m end');
    expect(reader.strippedCharacters).toBe(3);
  });

  test('keeps tabs, line feeds and carriage returns, which XML allows', () => {
    const [record] = readRecords('<A><B><![CDATA[a\tb\nc]]></B></A>', ['A/B']);
    expect(record.node.text).toBe('a\tb\nc');
  });

  test('cuts text over maxTextLength and marks the node truncated', () => {
    const records: XmlRecord[] = [];
    const reader = readerFor(records, 10);
    reader.write('<A><B>0123456789ABCDEF<C>short</C><![CDATA[more]]></B></A>');
    reader.close();
    const node = records[0].node;
    expect(node.text).toBe('0123456789');
    expect(node.truncated).toBe(true);
    expect(node.children[0]).toEqual({ name: 'C', attributes: {}, text: 'short', children: [] });
  });

  test('does not mark text exactly at maxTextLength as truncated', () => {
    const records: XmlRecord[] = [];
    const reader = readerFor(records, 5);
    reader.write('<A><B>12<![CDATA[345]]></B></A>');
    reader.close();
    expect(records[0].node).toEqual({ name: 'B', attributes: {}, text: '12345', children: [] });
  });

  test('reads zero, one and many repeated elements the same way', () => {
    const path = 'L/HOST';
    const doc =
      '<L>' +
      '<HOST><DETECTION_LIST/></HOST>' +
      '<HOST><DETECTION_LIST><DETECTION><QID>1</QID></DETECTION></DETECTION_LIST></HOST>' +
      '<HOST><DETECTION_LIST><DETECTION><QID>2</QID></DETECTION><DETECTION><QID>3</QID></DETECTION></DETECTION_LIST></HOST>' +
      '<HOST/>' +
      '</L>';
    const qids = readRecords(doc, [path]).map((r) =>
      childrenAt(r.node, 'DETECTION_LIST', 'DETECTION').map((d) => textAt(d, 'QID')),
    );
    expect(qids).toEqual([[], ['1'], ['2', '3'], []]);
  });
});
