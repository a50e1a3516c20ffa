import { QualysClient } from '../client';
import { searchQps } from '../search';
import { Criterion, toQualysDate } from '../serviceRequest';
import { toEpochMs } from '../xml/values';
import { XmlNode, childrenAt, textAt } from '../xml/xmlNode';

export interface WebApp {
  id: string;
  name?: string;
  url?: string;
  createdAt?: number;
  updatedAt?: number;
  tags: string[];
}

export interface WebAppFilters {
  /** Only these web app ids. */
  ids?: string[];
  /** Only apps scanned after this time (epoch ms). */
  scannedAfter?: number;
}

const PAGE_SIZE = 1000;

/** `POST /qps/rest/3.0/search/was/webapp`: scanned web applications. */
export async function* iterateWebApps(
  client: QualysClient,
  filters: WebAppFilters,
): AsyncGenerator<WebApp> {
  const criteria: Criterion[] = [{ field: 'isScanned', operator: 'EQUALS', value: 'true' }];
  if (filters.scannedAfter !== undefined) {
    criteria.push({ field: 'lastScan.date', operator: 'GREATER', value: toQualysDate(filters.scannedAfter) });
  }
  if (filters.ids?.length) {
    criteria.push({ field: 'id', operator: 'IN', value: filters.ids.join(',') });
  }
  const nodes = searchQps(client, { path: '/qps/rest/3.0/search/was/webapp', element: 'WebApp', criteria, pageSize: PAGE_SIZE });
  for await (const node of nodes) {
    const app = readWebApp(node);
    if (app) yield app;
  }
}

/** Exported for tests: one WebApp element as a typed record. */
export function readWebApp(node: XmlNode): WebApp | undefined {
  const id = textAt(node, 'id');
  if (!id) return undefined;
  return {
    id,
    name: textAt(node, 'name'),
    url: textAt(node, 'url'),
    createdAt: toEpochMs(textAt(node, 'createdDate')),
    updatedAt: toEpochMs(textAt(node, 'updatedDate')),
    tags: childrenAt(node, 'tags', 'list', 'Tag')
      .map((t) => textAt(t, 'name'))
      .filter((name): name is string => name !== undefined),
  };
}
