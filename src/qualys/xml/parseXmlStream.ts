import { XmlRecord, XmlRecordReader } from './recordReader';

export interface ParseXmlStreamOptions {
  recordPaths: Iterable<string>;
  maxTextLength: number;
  onRoot?(name: string): void;
  /** Told once, at the end, how many illegal characters were removed. */
  onStrippedCharacters?(count: number): void;
}

/**
 * Parses bytes as they arrive and yields each record as soon as its closing tag
 * is read. Only the records of the chunk in hand are queued, so memory follows
 * the chunk and record size, not the size of the response. The consumer's pace
 * is the reader's pace: the next chunk is not pulled until the queue is drained.
 */
export async function* parseXmlStream(
  body: AsyncIterable<Uint8Array>,
  options: ParseXmlStreamOptions,
): AsyncGenerator<XmlRecord> {
  const queue: XmlRecord[] = [];
  const reader = new XmlRecordReader({
    recordPaths: options.recordPaths,
    maxTextLength: options.maxTextLength,
    onRecord: (record) => queue.push(record),
    onRoot: options.onRoot,
  });
  const decoder = new TextDecoder('utf-8');

  for await (const chunk of body) {
    reader.write(decoder.decode(chunk, { stream: true }));
    while (queue.length > 0) yield queue.shift() as XmlRecord;
  }
  reader.write(decoder.decode());
  reader.close();
  while (queue.length > 0) yield queue.shift() as XmlRecord;
  if (reader.strippedCharacters > 0) {
    options.onStrippedCharacters?.(reader.strippedCharacters);
  }
}
