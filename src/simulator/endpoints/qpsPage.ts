import { Exchange, openXmlStream, sendQpsError } from '../http/exchange';
import { qpsHead, qpsTail } from '../xml/qpsDocument';
import { QpsProblem } from './qpsCriteria';

/**
 * Writes one page of QPS search results. `candidates` yields matching records
 * in id order; the page takes `limit` of them after skipping to `offset`
 * (1-based) and looks one further to know whether more records exist.
 */
export async function writeQpsPage<T>(
  ex: Exchange,
  page: {
    xsdPath: string;
    candidates: Iterable<T>;
    offset: number;
    limit: number;
    idOf: (record: T) => number;
    toXml: (record: T) => string;
    whenEmpty: 'omit-data' | 'empty-data';
  },
): Promise<void> {
  const records: T[] = [];
  let skipped = 0;
  let hasMoreRecords = false;
  for (const record of page.candidates) {
    if (skipped < page.offset - 1) {
      skipped++;
      continue;
    }
    if (records.length === page.limit) {
      hasMoreRecords = true;
      break;
    }
    records.push(record);
  }

  const facts = {
    count: records.length,
    hasMoreRecords,
    lastId: hasMoreRecords ? page.idOf(records[records.length - 1]) : undefined,
    whenEmpty: page.whenEmpty,
  };
  const sink = openXmlStream(ex);
  sink.push(qpsHead(ex.baseUrl, page.xsdPath, facts));
  for (const record of records) {
    if (sink.stopped) return;
    sink.push(page.toXml(record));
    await sink.maybeFlush();
  }
  sink.push(qpsTail(facts));
  await sink.end();
}

/** INVALID_REQUEST, as QPS answers a search it cannot run. */
export function refuseQps(ex: Exchange, xsdPath: string, problem: QpsProblem): void {
  sendQpsError(ex, xsdPath, 'INVALID_REQUEST', problem.message, problem.resolution);
}
