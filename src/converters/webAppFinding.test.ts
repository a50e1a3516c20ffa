import { Entity, RelationshipDirection } from '@jupiterone/integration-sdk-core';
import {
  dropSchemaStrictModeWarnings,
  duplicates,
  markupIn,
  propertyProblems,
  timestampProblems,
} from '../../test/helpers/graphChecks';
import { readKnowledgeBaseVulns, readWebAppFindings } from '../../test/helpers/readFixture';
import { WebAppFinding } from '../qualys/operations/webAppFindings';
import { Entities, MappedRelationships, Relationships, TargetTypes } from '../steps/constants';
import { WEB_APP_SCANNER_KEY } from './keys';
import { VulnFacts, createIsCveRelationships, createVulnFacts } from './vulnerability';
import {
  createScannerIdentifiedFindingRelationship,
  createWebAppFindingEntity,
  createWebAppHasFindingRelationship,
} from './webAppFinding';

const TIMESTAMPS = ['firstFoundOn', 'lastFoundOn', 'lastTestedOn', 'fixedOn', 'createdOn', 'updatedOn'] as const;

let findings: WebAppFinding[];
let facts: Map<number, VulnFacts>;
let restoreWarnings: () => void;

beforeAll(async () => {
  restoreWarnings = dropSchemaStrictModeWarnings();
  findings = await readWebAppFindings('web-app-findings.xml');
  const vulns = await readKnowledgeBaseVulns('knowledge-base-web-app-qids.xml');
  facts = new Map(vulns.map((vuln) => [vuln.qid, createVulnFacts(vuln, 'qualysguard.qg3.apps.qualys.com')]));
});

afterAll(() => restoreWarnings());

function factsOf(finding: WebAppFinding): VulnFacts | undefined {
  return finding.qid === undefined ? undefined : facts.get(finding.qid);
}

/** The recorded findings as the web app findings step writes them. */
function entities(): Entity[] {
  return findings.map((finding) => createWebAppFindingEntity(finding, factsOf(finding)));
}

function byId(id: string): Entity {
  const entity = entities().find((e) => e.id === id);
  if (!entity) throw new Error(`finding ${id} is not in web-app-findings.xml`);
  return entity;
}

describe('createWebAppFindingEntity', () => {
  test('writes findings that pass the Finding schema when converting the recording', () => {
    expect(entities()).toHaveLength(14);
    expect(entities()).toMatchGraphObjectSchema({
      _class: Entities.WEB_APP_FINDING._class,
      _type: Entities.WEB_APP_FINDING._type,
    });
  });

  test('keys each finding by its uniqueId, stable and unique, when Qualys gives one', async () => {
    const keys = entities().map((e) => e._key);
    expect(keys).toEqual(findings.map((f) => `qwf:${f.uniqueId}`));
    expect(duplicates(keys)).toEqual([]);
    const again = (await readWebAppFindings('web-app-findings.xml')).map((f) => createWebAppFindingEntity(f, factsOf(f))._key);
    expect(again).toEqual(keys);
    expect(byId('6816386')._key).toBe('qwf:0ee64f7c-2c14-4564-b514-e548681ac7cf');
  });

  test('carries the web app id, name and URL when the finding names its web app', () => {
    for (const [i, entity] of entities().entries()) {
      expect(entity).toMatchObject({
        webAppId: findings[i].webApp.id,
        webAppName: findings[i].webApp.name,
        webAppUrl: findings[i].webApp.url,
      });
    }
    expect(byId('16596752')).toMatchObject({
      webAppId: '238483925',
      webAppUrl: 'http://testhtml5.vulnweb.com',
      targets: ['http://testhtml5.vulnweb.com'],
    });
    expect(new Set(entities().map((e) => e.webAppId))).toEqual(new Set(['238483924', '238483925']));
  });

  test('writes dates as epoch milliseconds when the finding has Qualys dates', () => {
    for (const entity of entities()) expect(timestampProblems(entity, TIMESTAMPS)).toEqual([]);
    expect(byId('6816386')).toMatchObject({
      firstFoundOn: Date.parse('2022-04-12T21:15:33Z'),
      lastTestedOn: Date.parse('2022-04-12T21:15:33Z'),
    });
  });

  test('maps Qualys severities 1 to 5 onto the data-model scale when converting the recording', () => {
    const scale = new Map(entities().map((e) => [e.qualysSeverity, [e.severity, e.numericSeverity]]));
    expect(Object.fromEntries(scale)).toEqual({
      1: ['informational', 1],
      2: ['low', 4],
      3: ['medium', 6],
      4: ['high', 8],
      5: ['critical', 10],
    });
  });

  test('marks the finding open when Qualys reports it NEW or gives no status', () => {
    expect(byId('16596752')).toMatchObject({ status: 'New', qualysStatus: 'NEW', open: true });
    const informationGathered = byId('6816386');
    expect(informationGathered.open).toBe(true);
    expect('status' in informationGathered).toBe(false);
    expect('qualysStatus' in informationGathered).toBe(false);
  });

  test('marks the finding closed with its fix date when Qualys reports it FIXED', () => {
    const recorded = findings.find((f) => f.id === '16596752') as WebAppFinding;
    const fixedAt = Date.parse('2022-05-01T08:00:00Z');
    const fixed = createWebAppFindingEntity({ ...recorded, status: 'FIXED', fixedAt }, factsOf(recorded));
    expect(fixed).toMatchObject({ open: false, status: 'Fixed', qualysStatus: 'FIXED', fixedOn: fixedAt });
    const reopened = createWebAppFindingEntity({ ...recorded, status: 'REOPENED', fixedAt }, factsOf(recorded));
    expect([reopened.open, reopened.fixedOn]).toEqual([true, undefined]);
  });

  test('writes every WAS status in the words of host findings and keeps the Qualys value in qualysStatus', () => {
    const recorded = findings.find((f) => f.id === '16596752') as WebAppFinding;
    const written = ['NEW', 'ACTIVE', 'REOPENED', 'FIXED', 'PROTECTED'].map((status) => {
      const entity = createWebAppFindingEntity({ ...recorded, status }, factsOf(recorded));
      return [entity.qualysStatus, entity.status, entity.open];
    });
    expect(written).toEqual([
      ['NEW', 'New', true],
      ['ACTIVE', 'Active', true],
      ['REOPENED', 'Re-Opened', true],
      ['FIXED', 'Fixed', false],
      ['PROTECTED', 'Protected', true],
    ]);
  });

  test('uses the status words of the recording when converting it', () => {
    const statuses = new Set(entities().flatMap((e) => (e.status === undefined ? [] : [e.status])));
    expect([...statuses].every((s) => /^(New|Active|Re-Opened|Fixed|Protected)$/.test(String(s)))).toBe(true);
    expect(statuses.size).toBeGreaterThan(0);
  });

  test('copies CVE ids and a plain-text solution when the QID is in the knowledge base', () => {
    expect(byId('16592730').cveIds).toEqual(['CVE-2019-11041', 'CVE-2019-11042']);
    expect(byId('16592722').cveIds).toEqual(['CVE-2021-40438']);
    for (const entity of entities()) {
      if (entity.solution === undefined) continue;
      expect(typeof entity.solution).toBe('string');
      expect([entity.id, markupIn(String(entity.solution))]).toEqual([entity.id, []]);
    }
    expect(String(byId('6816587').solution)).toMatch(/^It is recommend to set X-XSS-Protection header/);
  });

  test('keeps its own name and leaves KB facts out when the QID is not in the knowledge base', () => {
    const missing = byId('6816399');
    expect(missing.qid).toBe(150454);
    expect(missing.name).toBe('Scan Configuration Suggestions');
    for (const name of ['cveIds', 'solution', 'vulnerabilityCategory']) expect(name in missing).toBe(false);
  });

  test('writes only flat properties when converting the recording', () => {
    for (const entity of entities()) expect(propertyProblems(entity)).toEqual([]);
    expect(byId('16596752').param).toEqual(expect.any(String));
  });
});

describe('createScannerIdentifiedFindingRelationship', () => {
  test('links the web app scanner to every finding, with its own key, when converting the recording', () => {
    const relationships = entities().map(createScannerIdentifiedFindingRelationship);
    expect(relationships).toMatchDirectRelationshipSchema({});
    expect(duplicates(relationships.map((r) => r._key))).toEqual([]);
    for (const relationship of relationships) {
      expect(relationship._type).toBe(Relationships.WEB_APP_SCANNER_IDENTIFIED_FINDING._type);
      expect(relationship._fromEntityKey).toBe(WEB_APP_SCANNER_KEY);
    }
  });
});

describe('createWebAppHasFindingRelationship', () => {
  test('maps each finding back to its web app by the web app id when the finding names its web app', () => {
    for (const finding of findings) {
      const key = createWebAppFindingEntity(finding, factsOf(finding))._key;
      const relationship = createWebAppHasFindingRelationship(finding, key);
      expect(relationship?._type).toBe(MappedRelationships.WEB_APP_HAS_WEB_APP_FINDING._type);
      expect(relationship?._mapping).toMatchObject({
        relationshipDirection: RelationshipDirection.REVERSE,
        sourceEntityKey: key,
        targetEntity: {
          _type: TargetTypes.WEB_APP,
          _key: `qualys-web-app:${finding.webApp.id}`,
          url: finding.webApp.url,
        },
      });
    }
  });
});

describe('createIsCveRelationships', () => {
  test('targets one cve per CVE id of the finding when the finding carries CVE ids', () => {
    const entity = byId('16592730');
    const relationships = createIsCveRelationships(
      entity._key,
      MappedRelationships.WEB_APP_FINDING_IS_CVE._type,
      entity.cveIds as string[],
    );
    expect(relationships.map((r) => String(r._mapping.targetEntity._key).toLowerCase())).toEqual(['cve-2019-11041', 'cve-2019-11042']);
    expect(relationships.map((r) => r._mapping.sourceEntityKey)).toEqual([entity._key, entity._key]);
  });
});
