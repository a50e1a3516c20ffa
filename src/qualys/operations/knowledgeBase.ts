import { QualysClient } from '../client';
import { listFo } from '../search';
import { toDecimal, toEpochMs, toFlag, toInteger } from '../xml/values';
import { XmlNode, childrenAt, rawTextAt, textAt } from '../xml/xmlNode';

/** The knowledge-base facts of one QID that findings and vulnerabilities carry. */
export interface KnowledgeBaseVuln {
  qid: number;
  title?: string;
  severityLevel?: number;
  vulnType?: string;
  category?: string;
  cveIds: string[];
  cvssBase?: number;
  cvssTemporal?: number;
  cvss3Base?: number;
  cvss3Temporal?: number;
  solution?: string;
  diagnosis?: string;
  consequence?: string;
  patchable?: boolean;
  pciFlag?: boolean;
  discoveryRemote?: boolean;
  publishedAt?: number;
  lastModifiedAt?: number;
  threatIntelligence: string[];
}

/**
 * `POST /api/2.0/fo/knowledge_base/vuln/?action=list&ids=...`. QIDs the
 * knowledge base does not know are simply absent from the answer.
 */
export async function* iterateKnowledgeBase(
  client: QualysClient,
  qids: readonly number[],
): AsyncGenerator<KnowledgeBaseVuln> {
  if (qids.length === 0) return;
  const records = listFo(client, {
    method: 'POST',
    path: '/api/2.0/fo/knowledge_base/vuln/',
    parameters: { action: 'list', ids: qids.join(',') },
    root: 'KNOWLEDGE_BASE_VULN_LIST_OUTPUT',
    records: ['VULN_LIST/VULN'],
  });
  for await (const { node } of records) {
    const vuln = readVuln(node);
    if (vuln) yield vuln;
  }
}

/** Exported for tests: one VULN element as a typed record. */
export function readVuln(node: XmlNode): KnowledgeBaseVuln | undefined {
  const qid = toInteger(textAt(node, 'QID'));
  if (qid === undefined) return undefined;
  return {
    qid,
    title: textAt(node, 'TITLE'),
    severityLevel: toInteger(textAt(node, 'SEVERITY_LEVEL')),
    vulnType: textAt(node, 'VULN_TYPE'),
    category: textAt(node, 'CATEGORY'),
    cveIds: childrenAt(node, 'CVE_LIST', 'CVE')
      .map((cve) => textAt(cve, 'ID'))
      .filter((id): id is string => id !== undefined),
    cvssBase: score(node, 'CVSS'),
    cvssTemporal: toDecimal(leadingNumber(textAt(node, 'CVSS', 'TEMPORAL'))),
    cvss3Base: score(node, 'CVSS_V3'),
    cvss3Temporal: toDecimal(leadingNumber(textAt(node, 'CVSS_V3', 'TEMPORAL'))),
    solution: rawTextAt(node, 'SOLUTION')?.trim(),
    diagnosis: rawTextAt(node, 'DIAGNOSIS')?.trim(),
    consequence: rawTextAt(node, 'CONSEQUENCE')?.trim(),
    patchable: toFlag(textAt(node, 'PATCHABLE')),
    pciFlag: toFlag(textAt(node, 'PCI_FLAG')),
    discoveryRemote: toFlag(textAt(node, 'DISCOVERY', 'REMOTE')),
    publishedAt: toEpochMs(textAt(node, 'PUBLISHED_DATETIME')),
    lastModifiedAt: toEpochMs(textAt(node, 'LAST_SERVICE_MODIFICATION_DATETIME')),
    threatIntelligence: childrenAt(node, 'THREAT_INTELLIGENCE', 'THREAT_INTEL')
      .map((t) => textAt(t))
      .filter((t): t is string => t !== undefined),
  };
}

/** CVSS BASE is a number, sometimes followed by a vector or a note. */
function score(node: XmlNode, block: string): number | undefined {
  return toDecimal(leadingNumber(textAt(node, block, 'BASE')));
}

function leadingNumber(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^\s*(\d+(\.\d+)?)/.exec(text)?.[1];
}
