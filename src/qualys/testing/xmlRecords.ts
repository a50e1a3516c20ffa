import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlRecord, XmlRecordReader } from '../xml/recordReader';
import { XmlNode } from '../xml/xmlNode';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'qualys');

/** A file under test/fixtures/qualys, as text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Every record of a whole document, read in one piece. */
export function readRecords(
  xml: string | string[],
  recordPaths: string[],
  maxTextLength = 1_000_000,
): XmlRecord[] {
  const records: XmlRecord[] = [];
  const reader = new XmlRecordReader({
    recordPaths,
    maxTextLength,
    onRecord: (record) => records.push(record),
  });
  for (const chunk of Array.isArray(xml) ? xml : [xml]) reader.write(chunk);
  reader.close();
  return records;
}

/** The nodes found at one path of a document. */
export function nodesAt(xml: string, path: string): XmlNode[] {
  return readRecords(xml, [path]).map((record) => record.node);
}
