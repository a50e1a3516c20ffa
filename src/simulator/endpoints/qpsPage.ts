import { Exchange, openXmlStream, sendQpsError } from '../http/exchange';
import { qpsHead, qpsTail } from '../xml/qpsDocument';
import { FieldSpec, QpsProblem, compileCriteria, readPaging } from './qpsCriteria';

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

/**
 * A whole QPS search: criteria and paging read from the request (refused
 * with INVALID_REQUEST when QPS would), then one page of the records that
 * match, chosen from `records` given the compiled filter.
 */
export async function answerQpsSearch<T>(
  ex: Exchange,
  search: {
    xsdPath: string;
    fields: Record<string, FieldSpec<T>>;
    records: (matches: (record: T) => boolean) => Iterable<T>;
    idOf: (record: T) => number;
    toXml: (record: T) => string;
    whenEmpty: 'omit-data' | 'empty-data';
  },
): Promise<void> {
  const compiled = compileCriteria(ex.call.criteria, search.fields);
  if (compiled.problem) return refuseQps(ex, search.xsdPath, compiled.problem);
  const paging = readPaging(ex.call.preferences);
  if (paging.problem) return refuseQps(ex, search.xsdPath, paging.problem);
  await writeQpsPage(ex, {
    xsdPath: search.xsdPath,
    candidates: search.records(compiled.test),
    offset: paging.offset,
    limit: paging.limit,
    idOf: search.idOf,
    toXml: search.toXml,
    whenEmpty: search.whenEmpty,
  });
}
