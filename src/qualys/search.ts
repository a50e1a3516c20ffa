import { QualysClient } from './client';
import { followQpsPages, followWarningPages } from './paging';
import { Criterion, buildServiceRequest } from './serviceRequest';
import { XmlNode } from './xml/xmlNode';

export interface FoListQuery {
  method: 'GET' | 'POST';
  path: string;
  /** Query (GET) or form (POST) parameters. */
  parameters: Record<string, string> | URLSearchParams;
  /** The document element of a good answer, e.g. `HOST_LIST_OUTPUT`. */
  root: string;
  /** Paths under `<root>/RESPONSE/` of the records wanted, e.g. `HOST_LIST/HOST`. */
  records: string[];
  /** Fewer attempts than the client's policy, for calls whose failure is expected. */
  maxAttempts?: number;
}

/**
 * A VM API ("fo") list call, followed through every WARNING/URL page; yields
 * each wanted element with the path it was found at.
 */
export async function* listFo(
  client: QualysClient,
  query: FoListQuery,
): AsyncGenerator<{ path: string; node: XmlNode }> {
  const parameters = new URLSearchParams(query.parameters);
  const request =
    query.method === 'GET'
      ? { method: 'GET' as const, url: client.url(query.path, Object.fromEntries(parameters)) }
      : { method: 'POST' as const, url: client.url(query.path), form: parameters };
  const prefix = `${query.root}/RESPONSE/`;
  const records = followWarningPages(
    client,
    {
      family: 'fo',
      request,
      recordPaths: query.records.map((path) => prefix + path),
      expectedRoot: query.root,
      maxAttempts: query.maxAttempts,
    },
    `${prefix}WARNING`,
  );
  for await (const { path, node } of records) {
    yield { path: path.slice(prefix.length), node };
  }
}

export interface QpsSearchQuery {
  /** e.g. `/qps/rest/3.0/search/was/webapp` */
  path: string;
  /** The repeated element under `data`, e.g. `WebApp`. */
  element: string;
  criteria: Criterion[];
  pageSize: number;
}

/** A QPS search, followed through every page; yields each data element. */
export async function* searchQps(client: QualysClient, query: QpsSearchQuery): AsyncGenerator<XmlNode> {
  const dataPath = `ServiceResponse/data/${query.element}`;
  const records = followQpsPages(client, {
    pageSize: query.pageSize,
    dataPath,
    build: (offset) => ({
      family: 'qps',
      request: {
        method: 'POST',
        url: client.url(query.path),
        xml: buildServiceRequest({
          criteria: query.criteria,
          limitResults: query.pageSize,
          startFromOffset: offset,
        }),
      },
      recordPaths: [dataPath],
      expectedRoot: 'ServiceResponse',
    }),
  });
  for await (const { path, node } of records) {
    if (path === dataPath) yield node;
  }
}
