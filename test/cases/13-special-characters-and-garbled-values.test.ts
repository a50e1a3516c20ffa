import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, GraphObject, collectCase, mappedTarget } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import {
  Paths,
  expectCleanRun,
  failedSteps,
  findingsOf,
  hostFindings,
  knowledgeBaseQids,
  requestsTo,
  scansOfHost,
  sorted,
  stepStatuses,
  theFinding,
  vulnerabilitiesOf,
  warningsAndErrors,
} from '../helpers/graph';

const CASE = '13-special-characters-and-garbled-values';
const HOST = 1300001;
const OS = 'Windows Server 2019 "Datacenter" (x64)';
const ASSET_NAME = "Serveur d'équipe «Zürich» & Co";
const NETBIOS = 'SRV-ZÜRICH';
const RESULTS = 'Banner: <title>Welcome</title> ]]> end; doesn&apos;t resolve; tab\there; ünïcødé ✓';

/** Every text value of every entity, relationship and mapped target, except the listed properties. */
function texts(run: CollectOutcome, except: string[] = []): string[] {
  const objects: GraphObject[] = [...run.entities, ...run.relationships, ...run.relationships.map(mappedTarget).filter((t): t is GraphObject => !!t)];
  return objects.flatMap((o) =>
    Object.entries(o)
      .filter(([k]) => k !== '_mapping' && !except.includes(k))
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is string => typeof v === 'string'),
  );
}

/** Texts that contain `fragment` but are not exactly `full`. */
function alteredTexts(run: CollectOutcome, fragment: string, full: string): string[] {
  return texts(run).filter((t) => t.includes(fragment) && t !== full);
}

describe('collector on case 13: special characters, CDATA tricks, garbled QIDs and illegal control characters', () => {
  describe('scenario A: entities, CDATA and garbled QIDs in well-formed XML', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when a detection has a garbled or empty QID', () => {
      expectCleanRun(run);
    });

    test('writes a finding only when the QID is a number', () => {
      expect(hostFindings(run)).toHaveLength(2);
      expect(theFinding(run, HOST, 91301)).toBeDefined();
      expect(theFinding(run, HOST, 91302)).toBeDefined();
      expect(hostFindings(run).filter((f) => !Number.isInteger(f.qid) || (f.qid as number) <= 0)).toEqual([]);
    });

    test('asks the knowledge base for numeric QIDs only when some QIDs are garbled', () => {
      expect(sorted([...new Set(knowledgeBaseQids(run))])).toEqual(['91301', '91302']);
      const nonNumeric = requestsTo(run, Paths.KNOWLEDGE_BASE).filter((r) => !/^\s*\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*\s*$/.test(r.params.ids ?? ''));
      expect(nonNumeric.map((r) => r.params.ids)).toEqual([]);
    });

    test('logs the skipped QIDs once when a host has garbled or empty QIDs', () => {
      const lines = warningsAndErrors(run).filter((l) => /qid/i.test(l) && /skip|garbled|invalid|not a number|malformed/i.test(l));
      expect(lines).toHaveLength(1);
    });

    test('decodes tag names exactly once when they are entity-encoded or in CDATA', () => {
      for (const finding of hostFindings(run)) {
        expect(sorted(finding.tags as string[])).toEqual(sorted(['R&D <Lab> "Ünïcødé" 日本', 'Ops & Sec']));
      }
      // Free texts (scan results, HTML solutions) may hold entity-like text of their own.
      const named = texts(run, ['results', 'solution', 'description']);
      expect(named.filter((t) => /&(amp|lt|gt|quot);/.test(t))).toEqual([]);
    });

    test('keeps the OS, asset name and NetBIOS name unchanged when they hold quotes, accents and symbols', () => {
      expect(theFinding(run, HOST, 91301).os).toBe(OS);
      expect(alteredTexts(run, 'Datacenter', OS)).toEqual([]);
      const [scans] = scansOfHost(run, HOST);
      expect(scans && mappedTarget(scans)?.name).toBe(ASSET_NAME);
      expect(alteredTexts(run, 'Serveur d', ASSET_NAME)).toEqual([]);
      expect(alteredTexts(run, 'SRV-Z', NETBIOS)).toEqual([]);
    });

    test('keeps results as the literal CDATA text when the CDATA is split around ]]>', () => {
      const results = theFinding(run, HOST, 91301).results;
      if (results === undefined) return; // storing results is optional
      const text = String(results);
      const whole = text === RESULTS;
      const cleanlyCut = /…$|\.\.\.$/.test(text) && RESULTS.startsWith(text.replace(/(…|\.\.\.)$/, '')) && !text.includes('\uFFFD');
      expect({ results: text, ok: whole || cleanlyCut }).toEqual({ results: text, ok: true });
    });

    test('decodes knowledge-base titles exactly once when they hold markup and entities', () => {
      expect(vulnerabilitiesOf(run, 91301).map((v) => v.name)).toEqual(['Fake "quoted" <script> title & more']);
      expect(vulnerabilitiesOf(run, 91302).map((v) => v.name)).toEqual(['Fake title with entities <b> & ☺']);
    });

    test('stores the solution as text when it holds HTML', () => {
      for (const vuln of vulnerabilitiesOf(run, 91301)) {
        if (vuln.solution === undefined) continue;
        expect(typeof vuln.solution).toBe('string');
        expect(vuln.solution).toContain('advisory');
      }
    });
  });

  describe('scenario B: a detection page with characters XML 1.0 forbids', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('ingests both findings, or fails the page naming the endpoint and hosts, when it holds illegal characters', () => {
      const both = findingsOf(run, 1300011, 91311).length === 1 && findingsOf(run, 1300012, 91312).length === 1;
      const pageReported =
        failedSteps(run).length > 0 &&
        warningsAndErrors(run).some((l) => /detection/i.test(l) && (l.includes('1300011') || l.includes('1300012')));
      expect({ both, pageReported, either: both || pageReported }).toMatchObject({ either: true });
    });

    test('keeps the other steps running when one page holds illegal characters', () => {
      expect(run.summary).toBeDefined();
      expect(stepStatuses(run)['fetch-account']).toBe('success');
    });

    test('reports the problem when a page holds illegal characters', () => {
      const lines = warningsAndErrors(run).filter((l) => /illegal|invalid|control char|strip|sanitiz|replac|pars/i.test(l));
      expect(lines.length).toBeGreaterThan(0);
    });

    test('keeps the rest of the results text when it drops or replaces the illegal characters', () => {
      for (const finding of findingsOf(run, 1300011, 91311)) {
        if (finding.results === undefined) continue;
        // The illegal characters may be dropped or replaced; everything around them stays.
        for (const part of ['Service banner: ready', 'colour', 'OK']) expect(finding.results).toContain(part);
      }
    });
  });
});
