import {
  Entity,
  MappedRelationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { Detection, DetectionHost } from '../qualys/operations/hostDetections';
import { Entities } from '../steps/constants';
import { HostTarget } from './hostTarget';
import { hostFindingKey, relationshipKey } from './keys';
import { normalizeSeverity } from './severity';
import { boundedText, compact } from './text';
import { VulnFacts } from './vulnerability';

/**
 * One detection → one `qualys_host_finding`: the detection's own facts, the
 * knowledge-base facts of its QID (when the knowledge base knows it), and the
 * host's identity, so a finding answers "what, where, how bad" on its own.
 */
export function createHostFindingEntity(
  host: DetectionHost,
  detection: Detection,
  facts: VulnFacts | undefined,
  /** Undefined when the host's cloud identity could not be looked up. */
  target: HostTarget | undefined,
): Entity {
  const key = hostFindingKey({ hostId: host.id, ...detection });
  const severity = normalizeSeverity(detection.severity);
  const fixed = /fixed/i.test(detection.status ?? '');
  const title = facts?.title ?? `QID ${detection.qid}`;
  const entity = target?.entity;
  return compact({
    _class: Entities.HOST_FINDING._class,
    _type: Entities.HOST_FINDING._type,
    _key: key,
    id: key,
    name: title,
    displayName: title,
    qid: detection.qid,
    type: detection.type,
    category: 'host',
    severity: severity.severity,
    numericSeverity: severity.numericSeverity,
    qualysSeverity: detection.severity,
    status: detection.status,
    // A detection without a status is one Qualys still reports: open.
    open: !fixed,
    port: detection.port,
    protocol: detection.protocol,
    ssl: detection.ssl,
    firstFoundOn: detection.firstFoundAt,
    lastFoundOn: detection.lastFoundAt,
    fixedOn: fixed ? detection.lastFixedAt : undefined,
    lastTestedOn: detection.lastTestAt,
    lastUpdatedOn: detection.lastUpdateAt,
    lastProcessedOn: detection.lastProcessedAt,
    createdOn: detection.firstFoundAt,
    updatedOn: detection.lastUpdateAt,
    timesFound: detection.timesFound,
    isIgnored: detection.isIgnored,
    isDisabled: detection.isDisabled,
    results: boundedText(detection.results),
    cveIds: facts?.cveIds.length ? facts.cveIds : undefined,
    cvssScore: facts?.cvssScore,
    cvssScoreV3: facts?.cvssScoreV3,
    vulnerabilityCategory: facts?.category,
    vulnType: facts?.vulnType,
    solution: facts?.solution,
    patchable: facts?.patchable,
    hostId: host.id,
    ipAddress: host.ip ?? host.ipv6,
    fqdn: (host.fqdn ?? (entity?.fqdn as string | undefined))?.toLowerCase(),
    dnsName: host.dns,
    netbiosName: host.netbios,
    os: host.os,
    trackingMethod: host.trackingMethod,
    tags: host.tags,
    hostTargetType: target?._type,
    hostTargetKey: entity?._key,
    ec2InstanceArn: target?._type === 'aws_instance' ? entity?._key : undefined,
    awsAccountId: target?._type === 'aws_instance' ? (entity?.accountId as string) : undefined,
    targets: unique([host.ip, host.id, entity?.fqdn as string | undefined, entity?._key]),
  }) as Entity;
}

/**
 * `Host HAS Finding`: the machine the finding was detected on, as mapped. It
 * names the machine by its identity only; the host's SCANS carries the rest.
 */
export function createHostHasFindingRelationship(
  findingKey: string,
  relationshipType: string,
  target: HostTarget,
): MappedRelationship {
  return {
    _class: RelationshipClass.HAS,
    _type: relationshipType,
    _key: relationshipKey(findingKey, 'h'),
    displayName: 'HAS',
    _mapping: {
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: findingKey,
      targetFilterKeys: target.targetFilterKeys,
      targetEntity: target.reference,
      skipTargetCreation: target.skipTargetCreation,
    },
  };
}

/** `VMDR SCANS Host`, one per Qualys host. */
export function createScansHostRelationship(
  serviceKey: string,
  relationshipType: string,
  hostId: string,
  target: HostTarget,
): MappedRelationship {
  return {
    _class: RelationshipClass.SCANS,
    _type: relationshipType,
    _key: relationshipKey(serviceKey, `s:${hostId}`),
    displayName: 'SCANS',
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: serviceKey,
      targetFilterKeys: target.targetFilterKeys,
      targetEntity: target.entity,
      skipTargetCreation: target.skipTargetCreation,
    },
  };
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
