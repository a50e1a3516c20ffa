import { expandIdList } from '../helpers/caseServer';
import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import {
  Paths,
  expectCleanRun,
  findingsOf,
  hostFindings,
  idsIn,
  isVulnerability,
  knowledgeBaseQids,
  relationshipsFrom,
  requestsTo,
  scansOfHost,
  sorted,
  targetsOfType,
  theFinding,
  vulnerabilitiesOf,
  warningsAndErrors,
  webAppFindings,
} from '../helpers/graph';

const CASE = '01-list-cardinality-zero-one-many';

/** Lines that report an error or a parse failure. */
const errorLines = (run: CollectOutcome) =>
  [...warningsAndErrors(run).filter((l) => /\bERROR\b/.test(l)), ...run.log.split('\n').filter((l) => /pars(e|ing) (failed|error)/i.test(l))];

describe('collector on case 01: lists holding zero, one or many elements', () => {
  describe('scenario A: a subscription without hosts or web apps', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'A' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when the host list has no ID_SET and the web app search is empty', () => {
      expectCleanRun(run);
    });

    test('writes only the account and its services when there is nothing to collect', () => {
      expect(run.entities.filter((e) => !['Account', 'Service'].includes(String(e._class))).map((e) => e._type)).toEqual([]);
      expect(run.entities.filter((e) => e._type === 'qualys_account')).toHaveLength(1);
    });

    test('asks for no detections, host assets or knowledge base when no host is listed', () => {
      const needless = [Paths.DETECTIONS, Paths.HOST_ASSETS, Paths.KNOWLEDGE_BASE].flatMap((p) => requestsTo(run, p));
      expect(needless.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    });

    test('logs no error or parse failure when lists are empty', () => {
      expect(errorLines(run)).toEqual([]);
    });
  });

  describe('scenario B: exactly one element in every list', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'B' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when each list holds a single element', () => {
      expectCleanRun(run);
    });

    test('writes one open finding on 443/tcp with a one-item tag list when the host has one detection and one tag', () => {
      expect(hostFindings(run)).toHaveLength(1);
      const finding = theFinding(run, 100001, 90101, 443);
      expect(finding).toMatchObject({ protocol: 'tcp', open: true, tags: ['Only-Tag'] });
    });

    test('keeps the CVE as a one-item list when the knowledge-base record has a single CVE', () => {
      const vulns = vulnerabilitiesOf(run, 90101);
      expect(vulns).toHaveLength(1);
      expect(vulns[0].cveIds).toEqual(['CVE-2099-0101']);
    });

    test('relates the finding to its vulnerability once when the QID is known', () => {
      const related = isVulnerability(run, theFinding(run, 100001, 90101, 443));
      expect(related.map((r) => (r._mapping as { targetEntity: { qid: number } }).targetEntity.qid)).toEqual([90101]);
    });

    test('maps the scanned host by its address and FQDN when it has one host asset', () => {
      const scans = scansOfHost(run, 100001);
      expect(scans).toHaveLength(1);
      expect((scans[0]._mapping as { targetEntity: object }).targetEntity).toMatchObject({
        ipAddress: '192.0.2.11',
        fqdn: 'solo-host.example.com',
      });
    });

    test('writes the web app and its finding, linked to each other, when each list has one element', () => {
      const apps = targetsOfType(run, 'web_app');
      expect(apps.map((a) => a.id)).toEqual(['300001']);
      const findings = webAppFindings(run);
      expect(findings.map((f) => f.id)).toEqual(['8000001']);
      expect(findings[0].webAppId).toBe('300001');
      const has = relationshipsFrom(run, findings[0]._key, 'HAS');
      expect(has.map((r) => (r._mapping as { targetEntity: { _key: string } }).targetEntity._key)).toEqual([apps[0]._key]);
    });

    test('asks for exactly the host, QID and web app listed when each list has one element', () => {
      const assetIds = requestsTo(run, Paths.HOST_ASSETS).flatMap((r) =>
        r.criteria.filter((c) => c.field === 'qwebHostId').flatMap((c) => expandIdList(c.value)),
      );
      expect(assetIds).toContain('100001');
      expect(requestsTo(run, Paths.DETECTIONS).flatMap((r) => idsIn(r))).toContain('100001');
      expect(knowledgeBaseQids(run)).toContain('90101');
      const appIds = requestsTo(run, Paths.WEB_APP_FINDINGS).flatMap((r) =>
        r.criteria.filter((c) => c.field === 'webApp.id').flatMap((c) => expandIdList(c.value)),
      );
      expect(appIds).toContain('300001');
    });
  });

  describe('scenario C: several elements per list, one host without detections', () => {
    let run: CollectOutcome;
    beforeAll(async () => {
      run = await collectCase(CASE, { scenario: 'C' });
    }, COLLECT_HOOK_TIMEOUT_MS);

    describeCommonChecks(() => run);

    test('finishes as a clean success when lists hold several elements', () => {
      expectCleanRun(run);
    });

    test('writes one finding per detection when two hosts have several detections', () => {
      expect(hostFindings(run)).toHaveLength(3);
      expect(theFinding(run, 100011, 90111, 445).protocol).toBe('tcp');
      expect(theFinding(run, 100011, 90112).port).toBeUndefined();
      expect(theFinding(run, 100012, 90111, 445).protocol).toBe('tcp');
    });

    test('writes no finding and logs no error when a listed host has no detections', () => {
      expect(findingsOf(run, 100013)).toEqual([]);
      expect(errorLines(run)).toEqual([]);
    });

    test('keeps tags as a list when a host has several tags, and as an empty list or nothing when it has none', () => {
      for (const finding of findingsOf(run, 100011)) expect(sorted(finding.tags as string[])).toEqual(['Tag-A', 'Tag-B']);
      for (const finding of findingsOf(run, 100012)) expect(finding.tags ?? []).toEqual([]);
    });

    test('writes one vulnerability per QID with every CVE when a record lists several', () => {
      expect(sorted(targetsOfType(run, 'qualys_vuln').map((v) => v.qid as number))).toEqual([90111, 90112]);
      expect(sorted(vulnerabilitiesOf(run, 90111)[0].cveIds as string[])).toEqual(['CVE-2099-0111', 'CVE-2099-0112']);
    });

    test('asks the knowledge base once per QID even when two hosts share it', () => {
      const asked = knowledgeBaseQids(run);
      expect(asked.filter((q) => q === '90111')).toHaveLength(1);
      expect(asked.filter((q) => q === '90112')).toHaveLength(1);
    });

    test('asks for the detections of every listed host when the host list has several ids', () => {
      const asked = new Set(requestsTo(run, Paths.DETECTIONS).flatMap((r) => idsIn(r)));
      expect(['100011', '100012', '100013'].filter((id) => !asked.has(id))).toEqual([]);
    });
  });
});
