import { QualysClient } from '../client';
import { listFo } from '../search';
import { toQualysDate } from '../serviceRequest';
import { textAt } from '../xml/xmlNode';

export interface HostIdFilters {
  /** Hosts whose VM scan data Qualys processed after this time (epoch ms). */
  processedAfter?: number;
  processedBefore?: number;
  /** Asset tag filters, passed to Qualys as `use_tags` parameters. */
  tags?: HostTagFilter;
}

export interface HostTagFilter {
  include?: string[];
  exclude?: string[];
  /** Whether the tags are names or numeric tag ids. */
  by: 'name' | 'id';
  /** A host must carry any (default) or all of the included tags. */
  includeSelector?: 'any' | 'all';
  excludeSelector?: 'any' | 'all';
}

const ROOT = 'HOST_LIST_OUTPUT';
const ID_PATH = 'ID_SET/ID';
const RANGE_PATH = 'ID_SET/ID_RANGE';

// With details=None an id costs a few bytes, so one page can carry the ids of
// a large subscription; Qualys still pages with WARNING/URL past its own cap.
const IDS_PER_PAGE = 1_000_000;

/**
 * `GET /api/2.0/fo/asset/host/?action=list&details=None`: the QWEB ids of the
 * hosts the VM module scanned (in the processed window, with the tag filters),
 * in ascending order. `ID_RANGE` elements (`a-b`) are expanded as they are read.
 */
export async function* iterateHostIds(
  client: QualysClient,
  filters: HostIdFilters,
): AsyncGenerator<number> {
  const query: Record<string, string> = {
    action: 'list',
    details: 'None',
    truncation_limit: String(IDS_PER_PAGE),
  };
  if (filters.processedAfter !== undefined) {
    query.vm_processed_after = toQualysDate(filters.processedAfter);
  }
  if (filters.processedBefore !== undefined) {
    query.vm_processed_before = toQualysDate(filters.processedBefore);
  }
  Object.assign(query, tagParameters(filters.tags));

  const records = listFo(client, {
    method: 'GET',
    path: '/api/2.0/fo/asset/host/',
    parameters: query,
    root: ROOT,
    records: [ID_PATH, RANGE_PATH],
  });
  for await (const { path, node } of records) {
    const text = textAt(node) ?? '';
    if (path === ID_PATH) {
      const id = Number(text);
      if (Number.isSafeInteger(id) && id > 0) yield id;
      continue;
    }
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
    if (!range) continue;
    for (let id = Number(range[1]); id <= Number(range[2]); id++) yield id;
  }
}

/** The VM API's asset tag parameters, shared by the host and detection lists. */
export function tagParameters(tags: HostTagFilter | undefined): Record<string, string> {
  if (!tags || (!tags.include?.length && !tags.exclude?.length)) return {};
  const params: Record<string, string> = { use_tags: '1', tag_set_by: tags.by };
  if (tags.include?.length) {
    params.tag_set_include = tags.include.join(',');
    params.tag_include_selector = tags.includeSelector ?? 'any';
  }
  if (tags.exclude?.length) {
    params.tag_set_exclude = tags.exclude.join(',');
    params.tag_exclude_selector = tags.excludeSelector ?? 'any';
  }
  return params;
}
