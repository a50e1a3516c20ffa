import { MAX_PROPERTY_TEXT } from '../../src/converters/text';
import { requestedEstateHosts } from '../helpers/caseRules';
import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, GraphObject, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import { HUGE } from '../helpers/hugeResponses';
import { HOST_FINDING, Paths, expectCleanRun, knowledgeBaseQids, requestsTo, targetsOfType, theFinding } from '../helpers/graph';

const CASE = '15-huge-detection-response';
const RUN_LIMIT_MS = 10 * 60_000;

/** Keeps what the assertions need of 150,000 findings and their relationships. */
function slim(object: GraphObject): GraphObject {
  const mapping = object._mapping as { sourceEntityKey?: string; targetEntity?: GraphObject } | undefined;
  return {
    _type: object._type,
    _key: object._key,
    _class: object._class,
    hostId: object.hostId,
    qid: object.qid,
    resultsLength: typeof object.results === 'string' ? object.results.length : undefined,
    _mapping: mapping && {
      sourceEntityKey: mapping.sourceEntityKey,
      targetEntity: mapping.targetEntity && { _type: mapping.targetEntity._type, _key: mapping.targetEntity._key, qid: mapping.targetEntity.qid },
    },
  };
}

describe('collector on case 15: very large host detection answers', () => {
  describe('scenario A: 3000 hosts × 50 detections (~120 MB, sent at 5 MB/s)', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A', timeoutMs: RUN_LIMIT_MS, reduce: slim });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when the detection answer is huge and slow', () => {
      expectCleanRun(run);
    });

    test('writes all 150,000 findings when the detection answers total ~120 MB', () => {
      expect(run.countsByType.get(HOST_FINDING)).toBe(HUGE.hosts * HUGE.detectionsPerHost);
    });

    test('reads every detection answer to the end when it arrives slowly', () => {
      const detections = requestsTo(run, Paths.DETECTIONS);
      const covered = new Set(detections.flatMap((r) => requestedEstateHosts(r)));
      expect(covered.size).toBe(HUGE.hosts);
      expect(detections.filter((r) => r.aborted || r.status !== 200).map((r) => r.seq)).toEqual([]);
    });

    test('asks the knowledge base once per QID when 150,000 detections share 50 QIDs', () => {
      expect(targetsOfType(run, 'qualys_vuln')).toHaveLength(HUGE.detectionsPerHost);
      const asked = knowledgeBaseQids(run);
      expect(asked).toHaveLength(HUGE.detectionsPerHost);
      expect(new Set(asked).size).toBe(HUGE.detectionsPerHost);
    });

    test('keeps stored results within the documented limit when every detection has results', () => {
      expect(run.longestText).toBeLessThanOrEqual(MAX_PROPERTY_TEXT);
    });

    test('stays well below 2 GB of memory when answers are huge', () => {
      if (run.peakRssKb === undefined) return; // only measurable where /proc exists
      expect(run.peakRssKb).toBeLessThan(2 * 1024 * 1024);
    });
  });

  describe('scenario B: one detection with a 12 MB RESULTS text', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B', timeoutMs: RUN_LIMIT_MS });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when one text node is 12 MB', () => {
      expectCleanRun(run);
    });

    test('writes the finding when its RESULTS text is 12 MB', () => {
      expect(theFinding(run, HUGE.hugeTextHostId, HUGE.firstQid)).toBeDefined();
    });

    test('cuts the stored results to the documented limit when the text is 12 MB', () => {
      const results = theFinding(run, HUGE.hugeTextHostId, HUGE.firstQid).results;
      if (results !== undefined) expect(String(results).length).toBeLessThanOrEqual(MAX_PROPERTY_TEXT);
      expect(run.longestText).toBeLessThanOrEqual(MAX_PROPERTY_TEXT);
    });
  });
});
