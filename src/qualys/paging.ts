import { QualysClient, RecordQuery } from './client';
import { QualysError } from './errors';
import { endpointOf } from './transport';
import { XmlRecord } from './xml/recordReader';
import { textAt } from './xml/xmlNode';

/**
 * VM API paging: a truncated list ends with RESPONSE/WARNING (code 1980) whose
 * URL asks for the next page (`id_min=<next id>`). The URL is followed as
 * given, but always on the configured API server, so credentials never go to a
 * host taken from a response. A next-page URL seen before means the server is
 * not advancing; paging stops with an error rather than loop.
 */
export async function* followWarningPages(
  client: QualysClient,
  first: RecordQuery,
  warningPath: string,
): AsyncGenerator<XmlRecord> {
  const seen = new Set<string>();
  let query: RecordQuery | undefined = {
    ...first,
    recordPaths: [...first.recordPaths, warningPath],
  };
  let pages = 0;

  while (query) {
    pages++;
    let nextUrl: string | undefined;
    for await (const record of client.records(query)) {
      if (record.path === warningPath) {
        nextUrl = textAt(record.node, 'URL');
        continue;
      }
      yield record;
    }
    if (!nextUrl) return;

    const given = new URL(nextUrl, client.apiUrl);
    const next = client.url(given.pathname);
    next.search = given.search;
    const position = `${next.pathname}${next.search}`;
    if (seen.has(position) || position === `${first.request.url.pathname}${first.request.url.search}`) {
      throw new QualysError({
        kind: 'bad-response',
        endpoint: endpointOf(first.request),
        detail: `the next-page URL (WARNING/URL, ${describeCursor(given)}) repeats a page already read; paging stopped after ${pages} page(s) so the run cannot loop`,
      });
    }
    seen.add(position);
    query = { ...query, request: nextRequest(first, next) };
  }
}

function nextRequest(first: RecordQuery, next: URL): RecordQuery['request'] {
  if (first.request.method === 'GET' || !first.request.form) {
    return { method: 'GET', url: next };
  }
  // A POSTed id list stays in the body, and so does every parameter of the
  // URL (id_min and whatever Qualys repeated, the id list included), whose
  // values win over the body's: the follow-up URL carries no query to grow.
  const form = new URLSearchParams(first.request.form);
  for (const key of next.searchParams.keys()) form.delete(key);
  for (const [key, value] of next.searchParams) form.append(key, value);
  return { method: 'POST', url: new URL(next.pathname, next), form };
}

function describeCursor(url: URL): string {
  const cursor = ['id_min', 'id_max']
    .filter((key) => url.searchParams.has(key))
    .map((key) => `${key}=${url.searchParams.get(key)}`);
  return cursor.length ? cursor.join(', ') : 'no id_min';
}

export interface QpsPageQuery {
  /** Builds the request for a page starting at `offset` (1-based). */
  build(offset: number): RecordQuery;
  pageSize: number;
  /** Path of the repeated data element, e.g. `ServiceResponse/data/WebApp`. */
  dataPath: string;
  /** Guard against a server that never says it is done. */
  maxPages?: number;
}

/**
 * QPS paging: `startFromOffset` moves by the page size while the answer says
 * `hasMoreRecords` true. A page that says "more" but holds nothing would never
 * end, so it stops the paging with an error.
 */
export async function* followQpsPages(
  client: QualysClient,
  paging: QpsPageQuery,
): AsyncGenerator<XmlRecord> {
  const morePath = 'ServiceResponse/hasMoreRecords';
  const maxPages = paging.maxPages ?? 100_000;
  let offset = 1;

  for (let page = 1; page <= maxPages; page++) {
    const query = paging.build(offset);
    let more = false;
    let items = 0;
    for await (const record of client.records({
      ...query,
      recordPaths: [...query.recordPaths, morePath],
    })) {
      if (record.path === morePath) {
        more = record.node.text.trim().toLowerCase() === 'true';
        continue;
      }
      if (record.path === paging.dataPath) items++;
      yield record;
    }
    if (!more) return;
    if (items === 0) {
      throw new QualysError({
        kind: 'bad-response',
        endpoint: endpointOf(query.request),
        detail: `page ${page} (offset ${offset}) says hasMoreRecords but holds no record; paging stopped`,
      });
    }
    offset += items;
  }
  throw new QualysError({
    kind: 'bad-response',
    endpoint: endpointOf(paging.build(offset).request),
    detail: `more than ${maxPages} pages; paging stopped`,
  });
}
