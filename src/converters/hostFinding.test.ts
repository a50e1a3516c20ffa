import { Entity, RelationshipDirection } from '@jupiterone/integration-sdk-core';
import {
  dropSchemaStrictModeWarnings,
  duplicates,
  markupIn,
  propertyProblems,
  timestampProblems,
} from '../../test/helpers/graphChecks';
import { readDetectionHosts, readHostAssets, readKnowledgeBaseVulns } from '../../test/helpers/readFixture';
import { HostAsset } from '../qualys/operations/hostAssets';
import { Detection, DetectionHost } from '../qualys/operations/hostDetections';
import { Entities, HostTargetRelationships, TargetTypes } from '../steps/constants';
import { createHostFindingEntity, createHostHasFindingRelationship, createScansHostRelationship } from './hostFinding';
import { createHostTarget } from './hostTarget';
import { VULNERABILITY_MANAGER_KEY } from './keys';
import { MAX_PROPERTY_TEXT } from './text';
import { VulnFacts, createVulnFacts } from './vulnerability';

const TIMESTAMPS = [
  'firstFoundOn',
  'lastFoundOn',
  'fixedOn',
  'lastTestedOn',
  'lastUpdatedOn',
  'lastProcessedOn',
  'createdOn',
  'updatedOn',
] as const;

let hosts: DetectionHost[];
let ec2Asset: HostAsset;
let ciscoFacts: VulnFacts;
let restoreWarnings: () => void;

beforeAll(async () => {
  restoreWarnings = dropSchemaStrictModeWarnings();
  hosts = await readDetectionHosts('host-detections.xml');
  [ec2Asset] = await readHostAssets('host-asset-ec2.xml');
  const [cisco] = await readKnowledgeBaseVulns('knowledge-base-316760.xml');
  ciscoFacts = createVulnFacts(cisco, 'qualysguard.qg3.apps.qualys.com');
});

afterAll(() => restoreWarnings());

/** Every recorded detection as a finding, the way the host step writes them (no asset records, no KB entries). */
function recordedFindings(from: DetectionHost[] = hosts): Entity[] {
  return from.flatMap((host) => {
    const target = createHostTarget(host, undefined);
    return host.detections.map((detection) => createHostFindingEntity(host, detection, undefined, target));
  });
}

function firstDetection(): [DetectionHost, Detection] {
  return [hosts[0], hosts[0].detections[0]];
}

describe('createHostFindingEntity', () => {
  test('writes one finding that passes the Finding schema for each detection when converting the recording', () => {
    const findings = recordedFindings();
    expect(findings).toHaveLength(29);
    expect(findings).toMatchGraphObjectSchema({ _class: Entities.HOST_FINDING._class, _type: Entities.HOST_FINDING._type });
  });

  test('gives each finding its own key, the same on every read, when converting the recording', async () => {
    const keys = recordedFindings().map((finding) => finding._key);
    expect(duplicates(keys)).toEqual([]);
    expect(recordedFindings(await readDetectionHosts('host-detections.xml')).map((f) => f._key)).toEqual(keys);
    expect(keys[1]).toBe('qhf:92661485:38739:22:tcp:0');
  });

  test('writes timestamps as epoch milliseconds when the detection has Qualys dates', () => {
    for (const finding of recordedFindings()) expect(timestampProblems(finding, TIMESTAMPS)).toEqual([]);
    expect(recordedFindings()[0]).toMatchObject({
      firstFoundOn: Date.parse('2020-04-16T17:10:31Z'),
      lastFoundOn: Date.parse('2020-04-17T18:55:20Z'),
      createdOn: Date.parse('2020-04-16T17:10:31Z'),
    });
  });

  test('maps Qualys severities 1, 2 and 3 to informational, low and medium when converting the recording', () => {
    const counts = new Map<string, number>();
    for (const finding of recordedFindings()) {
      const label = `${String(finding.qualysSeverity)} ${String(finding.severity)} ${String(finding.numericSeverity)}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ '1 informational 1': 1, '2 low 4': 6, '3 medium 6': 22 });
  });

  test('marks the finding open when Qualys reports it Active', () => {
    for (const finding of recordedFindings()) {
      expect(finding).toMatchObject({ status: 'Active', open: true });
      expect(finding.fixedOn).toBeUndefined();
    }
  });

  test('marks the finding closed with its fix date when Qualys reports it Fixed', () => {
    const [host, detection] = firstDetection();
    const fixedAt = Date.parse('2020-04-20T10:00:00Z');
    const target = createHostTarget(host, undefined);
    const fixed = createHostFindingEntity(host, { ...detection, status: 'Fixed', lastFixedAt: fixedAt }, undefined, target);
    expect(fixed).toMatchObject({ open: false, status: 'Fixed', fixedOn: fixedAt });
    for (const status of ['New', 'Re-Opened']) {
      const finding = createHostFindingEntity(host, { ...detection, status, lastFixedAt: fixedAt }, undefined, target);
      expect([status, finding.open, finding.fixedOn]).toEqual([status, true, undefined]);
    }
  });

  test('writes only flat properties with string tags and targets when converting the recording', () => {
    for (const finding of recordedFindings()) {
      expect(propertyProblems(finding)).toEqual([]);
      expect(Array.isArray(finding.tags) && finding.tags.every((tag) => typeof tag === 'string')).toBe(true);
      expect(Array.isArray(finding.targets) && finding.targets.every((t) => typeof t === 'string')).toBe(true);
      expect(String(finding.results ?? '').length).toBeLessThanOrEqual(MAX_PROPERTY_TEXT);
    }
  });

  test('carries the host identity when the host has no asset record', () => {
    const finding = recordedFindings()[1];
    expect(finding).toMatchObject({
      hostId: '92661485',
      ipAddress: '10.0.26.62',
      fqdn: 'host05.example.com',
      port: 22,
      protocol: 'tcp',
      ssl: false,
      hostTargetType: TargetTypes.DISCOVERED_HOST,
      hostTargetKey: 'qualys-host:92661485',
    });
    expect(finding.ec2InstanceArn).toBeUndefined();
  });

  test('names the EC2 instance by its ARN and 12-digit account when the host asset has an EC2 source', () => {
    const [recorded, detection] = firstDetection();
    const host = { ...recorded, id: ec2Asset.qwebHostId };
    const padded: HostAsset = { ...ec2Asset, ec2: { ...ec2Asset.ec2, tags: {}, accountId: '91097756250' } };
    for (const [asset, accountId] of [
      [ec2Asset, '191097756250'],
      [padded, '091097756250'],
    ] as const) {
      const target = createHostTarget(host, asset);
      const finding = createHostFindingEntity(host, detection, undefined, target);
      const arn = `arn:aws:ec2:us-east-1:${accountId}:instance/i-02751173c463c34e8`;
      expect(finding).toMatchObject({
        hostTargetType: TargetTypes.AWS_INSTANCE,
        hostTargetKey: arn,
        ec2InstanceArn: arn,
        awsAccountId: accountId,
      });
      expect(finding.targets).toContain(arn);
    }
  });

  test('copies the knowledge-base facts when the QID is in the knowledge base', () => {
    const [host, detection] = firstDetection();
    const target = createHostTarget(host, undefined);
    const finding = createHostFindingEntity(host, { ...detection, qid: 316760 }, ciscoFacts, target);
    expect(finding).toMatchObject({
      name: 'Cisco IOS XE Software Command Injection Vulnerability (cisco-sa-iosxe-cmdinj-2MzhjM6K)',
      cveIds: ['CVE-2020-3403'],
      vulnerabilityCategory: 'Cisco',
      patchable: true,
    });
    expect(typeof finding.solution).toBe('string');
    expect(markupIn(String(finding.solution))).toEqual([]);
    expect(finding).toMatchGraphObjectSchema({ _class: Entities.HOST_FINDING._class, _type: Entities.HOST_FINDING._type });
    expect(propertyProblems(finding)).toEqual([]);
  });

  test('carries CVSS scores as numbers when the knowledge base has them', () => {
    const [host, detection] = firstDetection();
    const facts: VulnFacts = { ...ciscoFacts, cvssScore: 7.2, cvssScoreV3: 6.7 };
    const finding = createHostFindingEntity(host, detection, facts, createHostTarget(host, undefined));
    expect([finding.cvssScore, finding.cvssScoreV3]).toEqual([7.2, 6.7]);
  });

  test('names the finding after its QID and leaves KB facts out when the QID is not in the knowledge base', () => {
    const finding = recordedFindings()[0];
    expect(finding.name).toBe('QID 11');
    for (const name of ['cveIds', 'solution', 'cvssScore', 'vulnerabilityCategory']) expect(name in finding).toBe(false);
  });
});

describe('createHostHasFindingRelationship', () => {
  test('maps the finding back to its host with the declared type when the host is a discovered host', () => {
    const host = hosts[0];
    const target = createHostTarget(host, undefined);
    const finding = createHostFindingEntity(host, host.detections[0], undefined, target);
    const relationship = createHostHasFindingRelationship(
      finding._key,
      HostTargetRelationships.HAS_FINDING.discovered_host._type,
      target,
    );
    expect(relationship._type).toBe(HostTargetRelationships.HAS_FINDING.discovered_host._type);
    expect(relationship._mapping).toMatchObject({
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: finding._key,
      targetFilterKeys: target.targetFilterKeys,
      targetEntity: target.reference,
    });
  });

  test('names the machine by its identity only, leaving tags and cloud details to SCANS', () => {
    const host: DetectionHost = { id: ec2Asset.qwebHostId, tags: ['Cloud Agent'], detections: [], skipped: [] };
    const target = createHostTarget(host, ec2Asset);
    const relationship = createHostHasFindingRelationship('qhf:1', HostTargetRelationships.HAS_FINDING.aws_instance._type, target);
    const named = relationship._mapping.targetEntity;
    expect(named).toMatchObject({ _class: 'Host', _type: TargetTypes.AWS_INSTANCE, _key: target.entity._key });
    for (const filterKey of target.targetFilterKeys.flat()) {
      expect(named[filterKey]).toBe(target.entity[filterKey]);
    }
    expect(Object.keys(target.entity).some((name) => name.startsWith('tag.') || name === 'tags')).toBe(true);
    expect(Object.keys(named).filter((name) => name.startsWith('tag.') || name === 'tags')).toEqual([]);
    expect(named.vpcId).toBeUndefined();
    expect(JSON.stringify(named).length).toBeLessThan(JSON.stringify(target.entity).length / 2);
  });

  test('keeps every filter key of a discovered host, so a mapper can still match it by id, FQDN or IP', () => {
    const host = hosts.find((h) => h.fqdn && h.ip) ?? hosts[0];
    const target = createHostTarget(host, undefined);
    for (const keys of target.targetFilterKeys) {
      for (const key of keys) expect(target.reference[key]).toEqual(target.entity[key]);
    }
  });

  test('gives each relationship its own key when converting the recording', () => {
    const keys = hosts.flatMap((host) => {
      const target = createHostTarget(host, undefined);
      return host.detections.map(
        (detection) =>
          createHostHasFindingRelationship(
            createHostFindingEntity(host, detection, undefined, target)._key,
            HostTargetRelationships.HAS_FINDING.discovered_host._type,
            target,
          )._key,
      );
    });
    expect(keys).toHaveLength(29);
    expect(duplicates(keys)).toEqual([]);
  });
});

describe('createScansHostRelationship', () => {
  test('links the vulnerability manager to each host once, with its own key, when given the recorded hosts', () => {
    const relationships = hosts.map((host) =>
      createScansHostRelationship(
        VULNERABILITY_MANAGER_KEY,
        HostTargetRelationships.SCANS.discovered_host._type,
        host.id,
        createHostTarget(host, undefined),
      ),
    );
    expect(duplicates(relationships.map((r) => r._key))).toEqual([]);
    for (const relationship of relationships) {
      expect(relationship._mapping.relationshipDirection).toBe(RelationshipDirection.FORWARD);
      expect(relationship._mapping.sourceEntityKey).toBe(VULNERABILITY_MANAGER_KEY);
      expect(relationship._mapping.targetEntity._type).toBe(TargetTypes.DISCOVERED_HOST);
    }
  });

  test('targets the aws_instance by its ARN when the listed host has an EC2 asset', () => {
    const host: DetectionHost = { id: ec2Asset.qwebHostId, tags: [], detections: [], skipped: [] };
    const relationship = createScansHostRelationship(
      VULNERABILITY_MANAGER_KEY,
      HostTargetRelationships.SCANS.aws_instance._type,
      host.id,
      createHostTarget(host, ec2Asset),
    );
    expect(relationship._mapping).toMatchObject({
      targetFilterKeys: [['_type', '_key']],
      targetEntity: {
        _type: TargetTypes.AWS_INSTANCE,
        _key: 'arn:aws:ec2:us-east-1:191097756250:instance/i-02751173c463c34e8',
      },
    });
  });
});
