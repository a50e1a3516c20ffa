import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, collectCase, mappedTarget } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import {
  expectCleanRun,
  hostFindings,
  isVulnerability,
  knowledgeBaseQids,
  relationshipsFrom,
  scansOfHost,
  sorted,
  targetsOfType,
  theFinding,
  webAppFindings,
} from '../helpers/graph';

const CASE = '12-duplicate-findings';
const QID = 91201;

describe('collector on case 12: duplicate and near-duplicate detections and findings', () => {
  let run: CollectOutcome;
  beforeAll(async () => {
    run = await collectCase(CASE);
  }, COLLECT_HOOK_TIMEOUT_MS);

  describeCommonChecks(() => run);

  test('finishes as a clean success without a duplicate-key error when data repeats', () => {
    expectCleanRun(run);
    expect(run.log.split('\n').filter((l) => /duplicate key/i.test(l))).toEqual([]);
  });

  test('writes one finding per host, QID, port, protocol and SSL when a QID repeats on other ports', () => {
    expect(hostFindings(run)).toHaveLength(3);
    for (const [host, port] of [[1200001, 443], [1200001, 8443], [1200002, 443]]) {
      expect(theFinding(run, host, QID, port)).toMatchObject({ protocol: 'tcp', ssl: true });
    }
  });

  test('maps each Qualys host once when its asset or its host block is repeated', () => {
    expect(scansOfHost(run, 1200001)).toHaveLength(1);
    expect(scansOfHost(run, 1200002)).toHaveLength(1);
  });

  test('writes one vulnerability and one IS relationship per finding when findings share a QID', () => {
    expect(targetsOfType(run, 'qualys_vuln').map((v) => v.qid)).toEqual([QID]);
    for (const finding of hostFindings(run)) expect(isVulnerability(run, finding)).toHaveLength(1);
  });

  test('asks the knowledge base for the QID once when several detections share it', () => {
    expect(knowledgeBaseQids(run).filter((q) => q === String(QID))).toHaveLength(1);
  });

  test('writes one web app finding per finding id when WAS findings share a QID or repeat', () => {
    const findings = webAppFindings(run);
    expect(sorted(findings.map((f) => String(f.id)))).toEqual(['8120001', '8120002']);
    for (const finding of findings) {
      expect(finding.webAppId).toBe('312001');
      const apps = relationshipsFrom(run, finding._key, 'HAS').map((r) => mappedTarget(r)?.id);
      expect(apps).toEqual(['312001']);
    }
  });
});
