import { Exchange, badParameter, missingParameter, openXmlStream } from '../http/exchange';
import { SimulatedHost } from '../model/types';
import { foHead, foTail, truncationWarning } from '../xml/foDocument';
import { hostBasicXml, hostIdXml } from '../xml/hostListXml';
import {
  hostIndexes,
  nextPageUrl,
  parseCount,
  parseDateParam,
  parseId,
  parseRanges,
  Ranges,
} from './foParams';

const ROOT = 'HOST_LIST_OUTPUT';
const DEFAULT_TRUNCATION = 1000;
const DATE_PARAMS = [
  'vm_processed_after',
  'vm_processed_before',
  'vm_scan_since',
  'vm_scan_date_after',
  'vm_scan_date_before',
] as const;

/**
 * `/api/2.0/fo/asset/host/?action=list`: scanned hosts, by id ascending.
 * `details=None` answers `ID_SET/ID`; any other level answers `HOST_LIST/HOST`
 * with basic fields. Truncated answers end with a WARNING whose URL resumes
 * at `id_min`.
 */
export async function hostList(ex: Exchange): Promise<void> {
  const p = ex.call.params;
  if (p.action === undefined) return missingParameter(ex, 'action');
  if (p.action !== 'list') return badParameter(ex, 'action', p.action, 'only list is supported');

  const idsOnly = (p.details ?? 'Basic').toLowerCase() === 'none';
  let ids: Ranges | undefined;
  if (p.ids !== undefined) {
    const parsed = parseRanges(p.ids);
    if (parsed.error !== undefined) return badParameter(ex, 'ids', p.ids, parsed.error);
    ids = parsed.value;
  }
  const truncation = parseCount(p.truncation_limit);
  if (truncation.error !== undefined) {
    return badParameter(ex, 'truncation_limit', p.truncation_limit, truncation.error);
  }
  const idMin = parseId(p.id_min);
  if (idMin.error !== undefined) return badParameter(ex, 'id_min', p.id_min, idMin.error);
  const idMax = parseId(p.id_max);
  if (idMax.error !== undefined) return badParameter(ex, 'id_max', p.id_max, idMax.error);
  const dates: Record<string, number | undefined> = {};
  for (const name of DATE_PARAMS) {
    const parsed = parseDateParam(p[name]);
    if (parsed.error !== undefined) return badParameter(ex, name, p[name], parsed.error);
    dates[name] = parsed.value;
  }

  // 0 asks for everything; a page is still capped so no answer is unbounded.
  // Date windows are half-open, [after, before), so consecutive windows of
  // incremental runs neither overlap nor leave a gap.
  const cap = idsOnly ? ex.settings.maxIdListTruncationLimit : ex.settings.maxTruncationLimit;
  const asked = truncation.value ?? DEFAULT_TRUNCATION;
  const limit = asked === 0 ? cap : Math.min(asked, cap);
  const filtered = Object.values(dates).some((d) => d !== undefined);
  const passes = (h: SimulatedHost): boolean =>
    (dates.vm_processed_after === undefined || h.processedAt >= dates.vm_processed_after) &&
    (dates.vm_processed_before === undefined || h.processedAt < dates.vm_processed_before) &&
    (dates.vm_scan_since === undefined || h.lastScanAt >= dates.vm_scan_since) &&
    (dates.vm_scan_date_after === undefined || h.lastScanAt >= dates.vm_scan_date_after) &&
    (dates.vm_scan_date_before === undefined || h.lastScanAt < dates.vm_scan_date_before);

  const sub = ex.subscription;
  const sink = openXmlStream(ex);
  sink.push(foHead(ROOT, '/api/2.0/fo/asset/host/dtd/list/output.dtd', ex.baseUrl));
  let emitted = 0;
  let nextId: number | undefined;
  for (const index of hostIndexes(sub, ids, idMin.value, idMax.value)) {
    if (sink.stopped) return;
    // Without date filters an id needs no host generated at all.
    const host = filtered || !idsOnly ? sub.hostAt(index) : undefined;
    if (host && !passes(host)) continue;
    const id = host?.id ?? sub.hostIdAt(index);
    if (emitted === limit) {
      nextId = id;
      break;
    }
    if (emitted === 0) sink.push(idsOnly ? '    <ID_SET>\n' : '    <HOST_LIST>\n');
    sink.push(idsOnly ? hostIdXml(id) : hostBasicXml(host as SimulatedHost));
    emitted++;
    await sink.maybeFlush();
  }
  if (emitted > 0) sink.push(idsOnly ? '    </ID_SET>\n' : '    </HOST_LIST>\n');
  if (nextId !== undefined) {
    sink.push(truncationWarning(limit, nextPageUrl(ex.baseUrl, ex.call.path, p, nextId)));
  }
  sink.push(foTail(ROOT));
  await sink.end();
}
