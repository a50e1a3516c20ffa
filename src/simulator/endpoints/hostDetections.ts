import { Exchange, badParameter, missingParameter, openXmlStream } from '../http/exchange';
import { DetectionStatus, SimulatedDetection, SimulatedHost } from '../model/types';
import { DetectionOutput, detectionHostXml } from '../xml/detectionXml';
import { foHead, foTail, truncationWarning } from '../xml/foDocument';
import {
  flag,
  hostIndexes,
  inRanges,
  list,
  nextPageUrl,
  parseCount,
  parseDateParam,
  parseId,
  parseRanges,
  Parsed,
  Ranges,
} from './foParams';

const ROOT = 'HOST_LIST_VM_DETECTION_OUTPUT';
const DEFAULT_TRUNCATION = 1000;
const STATUSES: readonly DetectionStatus[] = ['New', 'Active', 'Fixed', 'Re-Opened'];
/** Without a status filter Qualys leaves Fixed detections out. */
const DEFAULT_STATUSES: readonly DetectionStatus[] = ['New', 'Active', 'Re-Opened'];
const METADATA_CLOUDS = ['ec2', 'azure', 'google'] as const;

interface Filters {
  ids?: Ranges;
  qids?: Ranges;
  severities?: Ranges;
  statuses: ReadonlySet<string>;
  showIgs: boolean;
  dates: Record<string, number | undefined>;
  idMin?: number;
  idMax?: number;
  limit: number;
  tags?: TagFilter;
}

interface TagFilter {
  byName: boolean;
  include: string[];
  exclude: string[];
  includeAll: boolean;
  excludeAll: boolean;
}

/**
 * `/api/2.0/fo/asset/host/vm/detection/?action=list`: hosts with the
 * detections that pass the filters, streamed one host at a time.
 * `truncation_limit` counts hosts; hosts left without a detection are not
 * written and do not count.
 */
export async function hostDetections(ex: Exchange): Promise<void> {
  const p = ex.call.params;
  if (p.action === undefined) return missingParameter(ex, 'action');
  if (p.action !== 'list') return badParameter(ex, 'action', p.action, 'only list is supported');
  if (p.output_format !== undefined && p.output_format.toUpperCase() !== 'XML') {
    return badParameter(ex, 'output_format', p.output_format, 'this server answers XML only');
  }
  const filters = readFilters(ex);
  if (!filters) return;
  const output: DetectionOutput = {
    showResults: flag(p.show_results),
    showTags: flag(p.show_tags),
    showCloud: flag(p.show_cloud),
    metadata: metadataClouds(p.host_metadata),
  };

  const sub = ex.subscription;
  const sink = openXmlStream(ex);
  sink.push(foHead(ROOT, '/api/2.0/fo/asset/host/vm/detection/host_list_vm_detection_output.dtd', ex.baseUrl));
  let emitted = 0;
  let nextId: number | undefined;
  for (const index of hostIndexes(sub, filters.ids, filters.idMin, filters.idMax)) {
    if (sink.stopped) return;
    const host = sub.hostAt(index);
    if (!hostPasses(host, filters)) continue;
    const detections = sub.detectionsAt(host).filter((d) => detectionPasses(d, filters));
    if (detections.length === 0) continue;
    if (emitted === filters.limit) {
      nextId = host.id;
      break;
    }
    if (emitted === 0) sink.push('    <HOST_LIST>\n');
    sink.push(detectionHostXml(host, detections, output));
    emitted++;
    await sink.maybeFlush();
  }
  if (emitted > 0) sink.push('    </HOST_LIST>\n');
  if (nextId !== undefined) {
    sink.push(truncationWarning(filters.limit, nextPageUrl(ex.baseUrl, ex.call.path, p, nextId)));
  }
  sink.push(foTail(ROOT));
  await sink.end();
}

/** Reads and checks every filter; on a bad one, answers 400 and returns undefined. */
function readFilters(ex: Exchange): Filters | undefined {
  const p = ex.call.params;
  const refuse = (name: string, error: string): undefined => {
    badParameter(ex, name, p[name], error);
    return undefined;
  };
  const ranges: Record<string, Ranges | undefined> = {};
  for (const name of ['ids', 'qids', 'severities']) {
    if (p[name] === undefined) continue;
    const parsed = parseRanges(p[name]);
    if (parsed.error !== undefined) return refuse(name, parsed.error);
    ranges[name] = parsed.value;
  }
  const dates: Record<string, number | undefined> = {};
  for (const name of [
    'detection_updated_since',
    'detection_updated_before',
    'detection_processed_after',
    'detection_processed_before',
    'vm_processed_after',
    'vm_processed_before',
    'vm_scan_since',
  ]) {
    const parsed = parseDateParam(p[name]);
    if (parsed.error !== undefined) return refuse(name, parsed.error);
    dates[name] = parsed.value;
  }
  const idMin = parseId(p.id_min);
  if (idMin.error !== undefined) return refuse('id_min', idMin.error);
  const idMax = parseId(p.id_max);
  if (idMax.error !== undefined) return refuse('id_max', idMax.error);
  const truncation = parseCount(p.truncation_limit);
  if (truncation.error !== undefined) return refuse('truncation_limit', truncation.error);

  const statuses = p.status === undefined ? [...DEFAULT_STATUSES] : list(p.status);
  const unknown = statuses.find((s) => !STATUSES.includes(s as DetectionStatus));
  if (unknown !== undefined) return refuse('status', `unknown status ${unknown}; expected ${STATUSES.join(', ')}`);

  const tags = readTagFilter(p);
  if (tags.error !== undefined) return refuse('use_tags', tags.error);

  const cap = ex.settings.maxTruncationLimit;
  const asked = truncation.value ?? DEFAULT_TRUNCATION;
  return {
    ids: ranges.ids,
    qids: ranges.qids,
    severities: ranges.severities,
    statuses: new Set(statuses),
    showIgs: flag(p.show_igs),
    dates,
    idMin: idMin.value,
    idMax: idMax.value,
    limit: asked === 0 ? cap : Math.min(asked, cap),
    tags: tags.value,
  };
}

function readTagFilter(p: Record<string, string>): Parsed<TagFilter | undefined> {
  if (!flag(p.use_tags)) return { value: undefined };
  const include = list(p.tag_set_include);
  const exclude = list(p.tag_set_exclude);
  if (include.length === 0 && exclude.length === 0) {
    return { error: 'use_tags=1 needs tag_set_include or tag_set_exclude' };
  }
  const by = (p.tag_set_by ?? 'id').toLowerCase();
  if (by !== 'id' && by !== 'name') return { error: `tag_set_by must be id or name, not ${p.tag_set_by}` };
  return {
    value: {
      byName: by === 'name',
      include: include.map((t) => t.toLowerCase()),
      exclude: exclude.map((t) => t.toLowerCase()),
      includeAll: (p.tag_include_selector ?? 'any').toLowerCase() === 'all',
      excludeAll: (p.tag_exclude_selector ?? 'any').toLowerCase() === 'all',
    },
  };
}

function metadataClouds(value: string | undefined): ReadonlySet<(typeof METADATA_CLOUDS)[number]> {
  const asked = list(value).map((v) => v.toLowerCase());
  if (asked.includes('all')) return new Set(METADATA_CLOUDS);
  return new Set(METADATA_CLOUDS.filter((c) => asked.includes(c)));
}

function hostPasses(host: SimulatedHost, f: Filters): boolean {
  const d = f.dates;
  if (d.vm_processed_after !== undefined && host.processedAt < d.vm_processed_after) return false;
  if (d.vm_processed_before !== undefined && host.processedAt >= d.vm_processed_before) return false;
  if (d.vm_scan_since !== undefined && host.lastScanAt < d.vm_scan_since) return false;
  if (!f.tags) return true;

  const keys = host.tags.map((t) => (f.tags?.byName ? t.name.toLowerCase() : String(t.id)));
  const has = (tag: string): boolean => keys.includes(tag);
  const { include, exclude, includeAll, excludeAll } = f.tags;
  if (include.length > 0 && !(includeAll ? include.every(has) : include.some(has))) return false;
  if (exclude.length > 0 && (excludeAll ? exclude.every(has) : exclude.some(has))) return false;
  return true;
}

function detectionPasses(det: SimulatedDetection, f: Filters): boolean {
  if (!f.statuses.has(det.status)) return false;
  // Information-gathered detections only come with show_igs=1.
  if (det.type === 'Info' && !f.showIgs) return false;
  if (f.qids && !inRanges(f.qids, det.qid)) return false;
  if (f.severities && !inRanges(f.severities, det.severity)) return false;
  const d = f.dates;
  if (d.detection_updated_since !== undefined && det.lastUpdateAt < d.detection_updated_since) return false;
  if (d.detection_updated_before !== undefined && det.lastUpdateAt >= d.detection_updated_before) return false;
  if (d.detection_processed_after !== undefined && det.lastProcessedAt < d.detection_processed_after) return false;
  if (d.detection_processed_before !== undefined && det.lastProcessedAt >= d.detection_processed_before) return false;
  return true;
}
