import {
  Entity,
  MappedRelationship,
  Relationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { WebAppFinding } from '../qualys/operations/webAppFindings';
import { Entities, MappedRelationships, Relationships } from '../steps/constants';
import { WEB_APP_SCANNER_KEY, relationshipKey, webAppFindingKey } from './keys';
import { normalizeSeverity } from './severity';
import { compact } from './text';
import { VulnFacts } from './vulnerability';
import { WEB_APP_FILTER_KEYS, createWebAppTarget } from './webApp';

export function createWebAppFindingEntity(finding: WebAppFinding, facts: VulnFacts | undefined): Entity {
  const key = webAppFindingKey(finding);
  const severity = normalizeSeverity(finding.severity);
  const fixed = /fixed/i.test(finding.status ?? '');
  const name = finding.name ?? facts?.title ?? `QID ${finding.qid ?? finding.id}`;
  return compact({
    _class: Entities.WEB_APP_FINDING._class,
    _type: Entities.WEB_APP_FINDING._type,
    _key: key,
    id: finding.id,
    uniqueId: finding.uniqueId,
    name,
    displayName: name,
    qid: finding.qid,
    type: finding.type,
    findingType: finding.findingType,
    potential: finding.potential,
    category: 'application',
    severity: severity.severity,
    numericSeverity: severity.numericSeverity,
    qualysSeverity: finding.severity,
    status: toHostFindingStatus(finding.status),
    qualysStatus: finding.status,
    open: !fixed,
    url: finding.url,
    param: finding.param,
    isIgnored: finding.isIgnored,
    timesDetected: finding.timesDetected,
    firstFoundOn: finding.firstDetectedAt,
    lastFoundOn: finding.lastDetectedAt,
    lastTestedOn: finding.lastTestedAt,
    fixedOn: fixed ? finding.fixedAt : undefined,
    createdOn: finding.firstDetectedAt,
    updatedOn: finding.lastDetectedAt,
    cveIds: facts?.cveIds.length ? facts.cveIds : undefined,
    cvssScore: facts?.cvssScore,
    cvssScoreV3: facts?.cvssScoreV3,
    vulnerabilityCategory: facts?.category,
    solution: facts?.solution,
    webAppId: finding.webApp.id,
    webAppName: finding.webApp.name,
    webAppUrl: finding.webApp.url,
    targets: finding.webApp.name ? [finding.webApp.name] : undefined,
  }) as Entity;
}

// WAS spells statuses its own way (NEW, REOPENED); writing them in the words
// of host findings lets one query on status cover both kinds of finding.
const HOST_FINDING_WORDS: Readonly<Record<string, string>> = { REOPENED: 'Re-Opened' };

/**
 * A WAS status in the words and case of host findings: REOPENED becomes
 * Re-Opened, any other status title case (NEW → New, PROTECTED → Protected).
 */
export function toHostFindingStatus(status: string | undefined): string | undefined {
  const upper = status?.trim().toUpperCase();
  if (!upper) return undefined;
  return HOST_FINDING_WORDS[upper] ?? upper.charAt(0) + upper.slice(1).toLowerCase();
}

export function createScannerIdentifiedFindingRelationship(finding: Entity): Relationship {
  return {
    _class: RelationshipClass.IDENTIFIED,
    _type: Relationships.WEB_APP_SCANNER_IDENTIFIED_FINDING._type,
    _key: relationshipKey(finding._key, 'i'),
    _fromEntityKey: WEB_APP_SCANNER_KEY,
    _toEntityKey: finding._key,
    displayName: 'IDENTIFIED',
  };
}

/** `web_app HAS Finding`, when the finding names its web app. */
export function createWebAppHasFindingRelationship(finding: WebAppFinding, findingKey: string): MappedRelationship | undefined {
  const app = finding.webApp;
  if (!app.id) return undefined;
  return {
    _class: RelationshipClass.HAS,
    _type: MappedRelationships.WEB_APP_HAS_WEB_APP_FINDING._type,
    _key: relationshipKey(findingKey, 'w'),
    displayName: 'HAS',
    _mapping: {
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: findingKey,
      targetFilterKeys: WEB_APP_FILTER_KEYS,
      targetEntity: createWebAppTarget({ id: app.id, name: app.name, url: app.url }),
    },
  };
}
