import {
  Entity,
  IntegrationInstance,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { PortalVersion } from '../qualys/operations/portalVersion';
import { Entities, Relationships } from '../steps/constants';
import { VULNERABILITY_MANAGER_KEY, WEB_APP_SCANNER_KEY, accountKey, relationshipKey } from './keys';
import { compact } from './text';

export function createAccountEntity(
  instance: Pick<IntegrationInstance, 'id' | 'name'>,
  apiUrl: URL,
  portal: PortalVersion,
): Entity {
  const name = `Qualys - ${instance.name}`;
  return compact({
    _class: Entities.ACCOUNT._class,
    _type: Entities.ACCOUNT._type,
    _key: accountKey(instance.id),
    name,
    displayName: name,
    apiUrl: apiUrl.origin,
    portalVersion: portal.versions['PortalApplication-VERSION'],
    vmVersion: portal.vmVersion,
    wasVersion: portal.wasVersion,
    _rawData: [{ name: 'default', rawData: portal.versions }],
  }) as Entity;
}

export function createVulnerabilityManagerEntity(portal: PortalVersion): Entity {
  return createServiceEntity(Entities.VULNERABILITY_MANAGER, {
    _key: VULNERABILITY_MANAGER_KEY,
    name: 'Qualys Vulnerability Manager',
    description: 'Qualys VMDR: host vulnerability scanning and detection',
    function: ['vulnerability-management', 'scanning'],
    version: portal.vmVersion,
  });
}

export function createWebAppScannerEntity(portal: PortalVersion): Entity {
  return createServiceEntity(Entities.WEB_APP_SCANNER, {
    _key: WEB_APP_SCANNER_KEY,
    name: 'Qualys Web Application Scanner',
    description: 'Qualys WAS: dynamic web application security testing',
    function: ['DAST', 'scanning'],
    version: portal.wasVersion,
  });
}

function createServiceEntity(
  metadata: { _type: string; _class: string },
  service: { _key: string; name: string; description: string; function: string[]; version?: string },
): Entity {
  return compact({
    _class: metadata._class,
    _type: metadata._type,
    ...service,
    displayName: service.name,
    category: ['software', 'other'],
  }) as Entity;
}

export function createAccountHasServiceRelationship(account: Entity, service: Entity): Relationship {
  const metadata =
    service._type === Entities.WEB_APP_SCANNER._type
      ? Relationships.ACCOUNT_HAS_WEB_APP_SCANNER
      : Relationships.ACCOUNT_HAS_VULNERABILITY_MANAGER;
  return {
    _class: RelationshipClass.HAS,
    _type: metadata._type,
    _key: relationshipKey(account._key, `has:${service._key}`),
    _fromEntityKey: account._key,
    _toEntityKey: service._key,
    displayName: 'HAS',
  };
}
