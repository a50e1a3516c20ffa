/**
 * Per-endpoint request counts as the simulator saw them (the authoritative
 * count: it includes every retry), and what each endpoint is for.
 */

export interface EndpointCounts {
  /** Requests by `METHOD path`. */
  calls: Record<string, number>;
  /** Requests answered with a status other than 200, by `METHOD path`. */
  refused: Record<string, number>;
  total: number;
}

export const NO_REQUESTS: EndpointCounts = { calls: {}, refused: {}, total: 0 };

/** The requests made between two snapshots of the simulator's cumulative counts. */
export function countsBetween(before: EndpointCounts, after: EndpointCounts): EndpointCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [endpoint, n] of Object.entries(a)) {
      const d = n - (b[endpoint] ?? 0);
      if (d > 0) out[endpoint] = d;
    }
    return out;
  };
  return {
    calls: minus(after.calls, before.calls),
    refused: minus(after.refused, before.refused),
    total: after.total - before.total,
  };
}

/** Why the collector calls each endpoint, and how often it should. */
export const ENDPOINT_PURPOSE: Record<string, string> = {
  'GET /qps/rest/portal/version':
    'credential check before any step (validateInvocation); fetch-account reuses its answer for the VM/WAS versions on the account entity: 1 per run',
  'GET /api/2.0/fo/asset/host/':
    'QWEB ids of the hosts processed in the window (details=None, up to 1,000,000 ids a page): 1 per run at these sizes',
  'POST /qps/rest/2.0/search/am/hostasset':
    'cloud identity (EC2 / Azure / GCP) of each listed host, to map its findings and its SCANS coverage (hosts without findings in scope included) to the cloud integrations\' instances: 1 per 1,000 hosts',
  'POST /api/2.0/fo/asset/host/vm/detection/':
    'the detections themselves, streamed host by host: 1 per 1,000 hosts',
  'POST /api/2.0/fo/knowledge_base/vuln/':
    'title, CVEs, CVSS and solution of each QID seen, asked once per QID per run in batches of up to 1,000: here one call for the web app findings\' QIDs and one for the host detections\' QIDs',
  'POST /qps/rest/3.0/search/was/webapp': 'the scanned web apps (WAS): 1 per page of 1,000 web apps',
  'POST /qps/rest/3.0/search/was/finding/': 'WAS findings of those web apps: 1 per page of 1,000 findings',
};

/** Endpoints in the order a run calls them, then any other seen. */
export function orderedEndpoints(counts: EndpointCounts): string[] {
  const known = Object.keys(ENDPOINT_PURPOSE);
  const seen = Object.keys(counts.calls);
  return [...known.filter((e) => seen.includes(e)), ...seen.filter((e) => !known.includes(e)).sort()];
}

/** `GET /qps/rest/portal/version` → `portal/version`: short enough for a table cell. */
export function shortEndpoint(endpoint: string): string {
  const path = endpoint.replace(/^\S+\s+/, '').replace(/\/$/, '');
  const short: Record<string, string> = {
    '/qps/rest/portal/version': 'portal',
    '/api/2.0/fo/asset/host': 'host ids',
    '/qps/rest/2.0/search/am/hostasset': 'assets',
    '/api/2.0/fo/asset/host/vm/detection': 'detections',
    '/api/2.0/fo/knowledge_base/vuln': 'kb',
    '/qps/rest/3.0/search/was/webapp': 'webapps',
    '/qps/rest/3.0/search/was/finding': 'was findings',
  };
  return short[path] ?? path;
}
