import { fixture } from '../testing/xmlRecords';
import { parseXmlStream } from './parseXmlStream';
import { XmlRecord, XmlRefusedError, XmlSyntaxError } from './recordReader';
import { textAt } from './xmlNode';

const HOST_PATH = 'HOST_LIST_VM_DETECTION_OUTPUT/RESPONSE/HOST_LIST/HOST';

// Two-, three- and four-byte UTF-8 characters next to CDATA, entity and
// character references, so byte boundaries fall inside each of them.
const DOCUMENT = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE HOST_LIST_VM_DETECTION_OUTPUT SYSTEM "https://qualysapi.example.com/x.dtd">',
  '<HOST_LIST_VM_DETECTION_OUTPUT><RESPONSE><HOST_LIST>',
  '<HOST><ID>1</ID><OS><![CDATA[Windows Server – 日本語 😀]]></OS><DNS>h&amp;1.example</DNS></HOST>',
  '<HOST><ID>2</ID><OS>Linux é&#xE9;</OS><RESULTS><![CDATA[a]]]]><![CDATA[>b 𝄞]]></RESULTS></HOST>',
  '</HOST_LIST></RESPONSE></HOST_LIST_VM_DETECTION_OUTPUT>',
].join('\n');

async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function parse(
  parts: Uint8Array[],
  options: { maxTextLength?: number; onStrippedCharacters?(count: number): void } = {},
): Promise<XmlRecord[]> {
  const records: XmlRecord[] = [];
  const stream = parseXmlStream(chunks(parts), {
    recordPaths: [HOST_PATH],
    maxTextLength: options.maxTextLength ?? 1_000_000,
    onStrippedCharacters: options.onStrippedCharacters,
  });
  for await (const record of stream) records.push(record);
  return records;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('parseXmlStream', () => {
  const bytes = Buffer.from(DOCUMENT, 'utf8');

  test('reads the document whole', async () => {
    const records = await parse([bytes]);
    expect(records.map((r) => textAt(r.node, 'OS'))).toEqual([
      'Windows Server – 日本語 😀',
      'Linux éé',
    ]);
    expect(textAt(records[0].node, 'DNS')).toBe('h&1.example');
    expect(textAt(records[1].node, 'RESULTS')).toBe('a]]>b 𝄞');
  });

  test('yields identical records when the bytes are split at every position', async () => {
    const whole = await parse([bytes]);
    expect(bytes.length).toBeGreaterThan(Buffer.byteLength(DOCUMENT, 'latin1'));
    for (let at = 0; at <= bytes.length; at++) {
      const records = await parse([bytes.subarray(0, at), bytes.subarray(at)]);
      expect({ at, records }).toEqual({ at, records: whole });
    }
  });

  test('yields identical records when fed one byte at a time', async () => {
    const whole = await parse([bytes]);
    const single = [...bytes].map((b) => Uint8Array.of(b));
    expect(await parse(single)).toEqual(whole);
  });

  test('yields a record before the rest of the body has arrived', async () => {
    const split = DOCUMENT.indexOf('<HOST><ID>2');
    let released = false;
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(DOCUMENT.slice(0, split), 'utf8');
      released = true;
      yield Buffer.from(DOCUMENT.slice(split), 'utf8');
    }
    const stream = parseXmlStream(slow(), { recordPaths: [HOST_PATH], maxTextLength: 1000 });
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect(released).toBe(false);
    await stream.return(undefined);
  });

  test('parses a real detection response with an external DTD', async () => {
    const records = await parse([Buffer.from(fixture('detections.xml'), 'utf8')]);
    expect(records).toHaveLength(1);
    expect(textAt(records[0].node, 'ID')).toBe('6506432');
  });

  test('reports stripped control characters once, at the end', async () => {
    const counts: number[] = [];
    const doc = '<HOST_LIST_VM_DETECTION_OUTPUT><RESPONSE><HOST_LIST><HOST><RESULTS><![CDATA[a\u0001b\u001bc]]></RESULTS></HOST></HOST_LIST></RESPONSE></HOST_LIST_VM_DETECTION_OUTPUT>';
    const records = await parse([Buffer.from(doc)], { onStrippedCharacters: (n) => counts.push(n) });
    expect(textAt(records[0].node, 'RESULTS')).toBe('abc');
    expect(counts).toEqual([2]);
  });

  test('rejects a body cut inside a multi-byte character as truncated', async () => {
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from('日')) + 1);
    const error = await rejection(parse([cut]));
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect((error as XmlSyntaxError).truncated).toBe(true);
  });

  test('rejects a document that declares entities', async () => {
    const doc = '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>';
    expect(await rejection(parse([Buffer.from(doc)]))).toBeInstanceOf(XmlRefusedError);
  });
});
