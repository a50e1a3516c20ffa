import { QualysClient } from '../client';
import { searchQps } from '../search';
import { Criterion, toQualysDate } from '../serviceRequest';
import { toEpochMs, toFlag, toInteger } from '../xml/values';
import { XmlNode, textAt } from '../xml/xmlNode';

export interface WebAppFinding {
  id: string;
  /** Stable across scans; the finding's identity. */
  uniqueId?: string;
  qid?: number;
  name?: string;
  /** VULNERABILITY, SENSITIVE_CONTENT, INFORMATION_GATHERED. */
  type?: string;
  potential?: boolean;
  findingType?: string;
  severity?: number;
  url?: string;
  param?: string;
  /** NEW, ACTIVE, REOPENED, FIXED, PROTECTED; absent on information gathered. */
  status?: string;
  isIgnored?: boolean;
  timesDetected?: number;
  firstDetectedAt?: number;
  lastDetectedAt?: number;
  lastTestedAt?: number;
  fixedAt?: number;
  webApp: { id?: string; name?: string; url?: string };
}

export interface WebAppFindingFilters {
  detectedAfter?: number;
}

const PAGE_SIZE = 1000;

/** `POST /qps/rest/3.0/search/was/finding/` for a set of web app ids. */
export async function* iterateWebAppFindings(
  client: QualysClient,
  webAppIds: readonly string[],
  filters: WebAppFindingFilters,
): AsyncGenerator<WebAppFinding> {
  if (webAppIds.length === 0) return;
  const criteria: Criterion[] = [{ field: 'webApp.id', operator: 'IN', value: webAppIds.join(',') }];
  if (filters.detectedAfter !== undefined) {
    criteria.push({ field: 'lastDetectedDate', operator: 'GREATER', value: toQualysDate(filters.detectedAfter) });
  }
  const nodes = searchQps(client, { path: '/qps/rest/3.0/search/was/finding/', element: 'Finding', criteria, pageSize: PAGE_SIZE });
  for await (const node of nodes) {
    const finding = readWebAppFinding(node);
    if (finding) yield finding;
  }
}

/** Exported for tests: one Finding element as a typed record. */
export function readWebAppFinding(node: XmlNode): WebAppFinding | undefined {
  const id = textAt(node, 'id');
  if (!id) return undefined;
  return {
    id,
    uniqueId: textAt(node, 'uniqueId'),
    qid: toInteger(textAt(node, 'qid')),
    name: textAt(node, 'name'),
    type: textAt(node, 'type'),
    potential: toFlag(textAt(node, 'potential')),
    findingType: textAt(node, 'findingType'),
    severity: toInteger(textAt(node, 'severity')),
    url: textAt(node, 'url'),
    param: textAt(node, 'param'),
    status: textAt(node, 'status'),
    isIgnored: toFlag(textAt(node, 'isIgnored')),
    timesDetected: toInteger(textAt(node, 'timesDetected')),
    firstDetectedAt: toEpochMs(textAt(node, 'firstDetectedDate')),
    lastDetectedAt: toEpochMs(textAt(node, 'lastDetectedDate')),
    lastTestedAt: toEpochMs(textAt(node, 'lastTestedDate')),
    fixedAt: toEpochMs(textAt(node, 'fixedDate')),
    webApp: {
      id: textAt(node, 'webApp', 'id'),
      name: textAt(node, 'webApp', 'name'),
      url: textAt(node, 'webApp', 'url'),
    },
  };
}
