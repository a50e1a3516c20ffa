import { Exchange, badParameter, missingParameter, openXmlStream } from '../http/exchange';
import { foHead, foTail } from '../xml/foDocument';
import { vulnXml } from '../xml/knowledgeBaseXml';
import { inRanges, parseRanges, Ranges } from './foParams';

const ROOT = 'KNOWLEDGE_BASE_VULN_LIST_OUTPUT';

/**
 * `/api/2.0/fo/knowledge_base/vuln/?action=list`: one VULN per known QID
 * asked for (all of them without `ids`), ascending. Unknown QIDs are simply
 * absent. A keep-alive comment sits inside RESPONSE, as Qualys sends one.
 */
export async function knowledgeBase(ex: Exchange): Promise<void> {
  const p = ex.call.params;
  if (p.action === undefined) return missingParameter(ex, 'action');
  if (p.action !== 'list') return badParameter(ex, 'action', p.action, 'only list is supported');
  let ids: Ranges | undefined;
  if (p.ids !== undefined) {
    const parsed = parseRanges(p.ids);
    if (parsed.error !== undefined) return badParameter(ex, 'ids', p.ids, parsed.error);
    ids = parsed.value;
  }

  const kb = ex.subscription.knowledgeBase;
  const entries = [...kb.entries]
    .filter((e) => kb.published(e.qid) && (!ids || inRanges(ids, e.qid)))
    .sort((a, b) => a.qid - b.qid);

  const sink = openXmlStream(ex);
  sink.push(foHead(ROOT, '/api/2.0/fo/knowledge_base/vuln/knowledge_base_vuln_list_output.dtd', ex.baseUrl));
  sink.push(`<!-- keep-alive for ${ROOT} -->\n`);
  if (entries.length > 0) {
    sink.push('    <VULN_LIST>\n');
    for (const entry of entries) {
      if (sink.stopped) return;
      sink.push(vulnXml(entry));
      await sink.maybeFlush();
    }
    sink.push('    </VULN_LIST>\n');
  }
  sink.push(foTail(ROOT));
  await sink.end();
}
