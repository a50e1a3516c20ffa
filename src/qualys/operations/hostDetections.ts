import { QualysClient } from '../client';
import { QualysError } from '../errors';
import { listFo } from '../search';
import { toQualysDate } from '../serviceRequest';
import { toEpochMs, toFlag, toInteger } from '../xml/values';
import { XmlNode, childAt, childrenAt, rawTextAt, textAt } from '../xml/xmlNode';
import { HostTagFilter, tagParameters } from './hostIds';

/** One HOST of the detection list, with its detections. */
export interface DetectionHost {
  /** QWEB host id. */
  id: string;
  ip?: string;
  ipv6?: string;
  trackingMethod?: string;
  os?: string;
  dns?: string;
  /** DNS_DATA/FQDN on current responses. */
  fqdn?: string;
  netbios?: string;
  ec2InstanceId?: string;
  /** The agent / tracking GUID (QG_HOSTID). */
  qgHostId?: string;
  lastScanAt?: number;
  lastVmScannedAt?: number;
  /** Asset tag names, as strings, nameless tags left out. */
  tags: string[];
  detections: Detection[];
  /** Detections that could not be read, with the reason (counted, logged). */
  skipped: SkippedDetection[];
}

export interface Detection {
  qid: number;
  type?: string;
  severity?: number;
  port?: number;
  protocol?: string;
  ssl?: boolean;
  results?: string;
  resultsTruncated?: boolean;
  status?: string;
  firstFoundAt?: number;
  lastFoundAt?: number;
  lastFixedAt?: number;
  timesFound?: number;
  lastTestAt?: number;
  lastUpdateAt?: number;
  lastProcessedAt?: number;
  isIgnored?: boolean;
  isDisabled?: boolean;
}

export interface SkippedDetection {
  reason: 'qid-not-a-number';
  /** The offending value, cut short for the log. */
  value: string;
}

export interface DetectionFilters {
  /** Qualys severities 1-5 to return. */
  severities?: number[];
  /** Confirmed, Potential, Info. Info needs `show_igs=1`. */
  types?: string[];
  /** New, Active, Re-Opened, Fixed. Qualys leaves Fixed out unless asked. */
  statuses?: string[];
  /** Detections updated after this time (epoch ms). */
  updatedAfter?: number;
  /** Hosts processed after this time (epoch ms). */
  processedAfter?: number;
  includeQids?: number[];
  excludeQids?: number[];
  tags?: HostTagFilter;
  /** Ask for RESULTS (scan evidence); large, so off unless wanted. */
  withResults?: boolean;
}

export interface DetectionCallOptions {
  /** Attempts per call, fewer than the client's policy (isolating a failure). */
  maxAttempts?: number;
}

/**
 * `POST /api/2.0/fo/asset/host/vm/detection/` for a batch of host ids. The
 * ids go in the body (no URL-length limit), `truncation_limit` equals the
 * batch so a page normally holds the whole batch, and a WARNING/URL is
 * followed anyway. Hosts are yielded one at a time as they are parsed.
 */
export async function* iterateHostDetections(
  client: QualysClient,
  hostIds: readonly number[],
  filters: DetectionFilters,
  options: DetectionCallOptions = {},
): AsyncGenerator<DetectionHost> {
  if (hostIds.length === 0) return;
  const form = new URLSearchParams({
    action: 'list',
    ids: compressIds(hostIds),
    truncation_limit: String(hostIds.length),
    output_format: 'XML',
    show_tags: '1',
    show_results: filters.withResults ? '1' : '0',
  });
  if (filters.types?.some((t) => t.toLowerCase() === 'info')) form.set('show_igs', '1');
  if (filters.statuses?.length) form.set('status', filters.statuses.join(','));
  if (filters.severities?.length) form.set('severities', filters.severities.join(','));
  if (filters.updatedAfter !== undefined) {
    form.set('detection_updated_since', toQualysDate(filters.updatedAfter));
  }
  if (filters.processedAfter !== undefined) {
    form.set('vm_processed_after', toQualysDate(filters.processedAfter));
  }
  if (filters.includeQids?.length) form.set('qids', filters.includeQids.join(','));
  for (const [key, value] of Object.entries(tagParameters(filters.tags))) form.set(key, value);

  const records = listFo(client, {
    method: 'POST',
    path: '/api/2.0/fo/asset/host/vm/detection/',
    parameters: form,
    root: 'HOST_LIST_VM_DETECTION_OUTPUT',
    records: ['HOST_LIST/HOST'],
    maxAttempts: options.maxAttempts,
  });
  const excluded = new Set(filters.excludeQids ?? []);
  let hosts = 0;
  for await (const { node } of records) {
    const host = readHost(node);
    if (!host) continue;
    // An answer holds each host asked for once; Qualys has been seen to
    // repeat a block, so some slack is allowed, but a server repeating
    // itself without end would otherwise never be cut off (data keeps the
    // idle timeout from firing).
    if (++hosts > 2 * hostIds.length + 10) {
      throw new QualysError({
        kind: 'bad-response',
        endpoint: 'POST /api/2.0/fo/asset/host/vm/detection/',
        detail: `the answer holds ${hosts} HOST records for ${hostIds.length} host(s) asked for; reading stopped`,
      });
    }
    if (excluded.size) host.detections = host.detections.filter((d) => !excluded.has(d.qid));
    yield host;
  }
}

/** Exported for tests: one HOST element as a typed record. */
export function readHost(node: XmlNode): DetectionHost | undefined {
  const id = textAt(node, 'ID');
  if (!id || !/^\d+$/.test(id)) return undefined;
  const detections: Detection[] = [];
  const skipped: SkippedDetection[] = [];
  for (const detection of childrenAt(node, 'DETECTION_LIST', 'DETECTION')) {
    const qidText = textAt(detection, 'QID') ?? '';
    const qid = toInteger(qidText);
    if (qid === undefined || qid <= 0) {
      skipped.push({ reason: 'qid-not-a-number', value: qidText.slice(0, 40) });
      continue;
    }
    detections.push(readDetection(detection, qid));
  }
  return {
    id,
    ip: textAt(node, 'IP'),
    ipv6: textAt(node, 'IPV6'),
    trackingMethod: textAt(node, 'TRACKING_METHOD'),
    os: textAt(node, 'OS'),
    dns: textAt(node, 'DNS'),
    fqdn: textAt(node, 'DNS_DATA', 'FQDN'),
    netbios: textAt(node, 'NETBIOS'),
    ec2InstanceId: textAt(node, 'EC2_INSTANCE_ID'),
    qgHostId: textAt(node, 'QG_HOSTID'),
    lastScanAt: toEpochMs(textAt(node, 'LAST_SCAN_DATETIME')),
    lastVmScannedAt: toEpochMs(textAt(node, 'LAST_VM_SCANNED_DATE')),
    tags: childrenAt(node, 'TAGS', 'TAG')
      .map((tag) => textAt(tag, 'NAME'))
      .filter((name): name is string => name !== undefined),
    detections,
    skipped,
  };
}

function readDetection(node: XmlNode, qid: number): Detection {
  const results = childAt(node, 'RESULTS');
  return {
    qid,
    type: textAt(node, 'TYPE'),
    severity: toInteger(textAt(node, 'SEVERITY')),
    port: toInteger(textAt(node, 'PORT')),
    protocol: textAt(node, 'PROTOCOL')?.toLowerCase(),
    ssl: toFlag(textAt(node, 'SSL')),
    results: rawTextAt(node, 'RESULTS')?.trim(),
    resultsTruncated: results?.truncated,
    status: textAt(node, 'STATUS'),
    firstFoundAt: toEpochMs(textAt(node, 'FIRST_FOUND_DATETIME')),
    lastFoundAt: toEpochMs(textAt(node, 'LAST_FOUND_DATETIME')),
    lastFixedAt: toEpochMs(textAt(node, 'LAST_FIXED_DATETIME')),
    timesFound: toInteger(textAt(node, 'TIMES_FOUND')),
    lastTestAt: toEpochMs(textAt(node, 'LAST_TEST_DATETIME')),
    lastUpdateAt: toEpochMs(textAt(node, 'LAST_UPDATE_DATETIME')),
    lastProcessedAt: toEpochMs(textAt(node, 'LAST_PROCESSED_DATETIME')),
    isIgnored: toFlag(textAt(node, 'IS_IGNORED')),
    isDisabled: toFlag(textAt(node, 'IS_DISABLED')),
  };
}

/** `1,2,3,7` → `1-3,7`: Qualys takes ranges, and a batch shrinks a lot. */
export function compressIds(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let end = start;
  for (let i = 1; i <= sorted.length; i++) {
    const id = sorted[i];
    if (id === end + 1) {
      end = id;
      continue;
    }
    if (id === end) continue;
    parts.push(start === end ? String(start) : `${start}-${end}`);
    start = id;
    end = id;
  }
  return parts.join(',');
}
