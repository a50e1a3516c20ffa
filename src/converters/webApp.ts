import {
  MappedRelationship,
  RelationshipClass,
  RelationshipDirection,
  TargetEntityProperties,
} from '@jupiterone/integration-sdk-core';
import { WebApp } from '../qualys/operations/webApps';
import { MappedRelationships, TargetTypes } from '../steps/constants';
import { WEB_APP_SCANNER_KEY, relationshipKey, webAppKey } from './keys';
import { compact } from './text';

/** The `web_app` a WAS scan covers, as a mapped target found by name and URL. */
export function createWebAppTarget(app: Pick<WebApp, 'id' | 'name' | 'url'> & Partial<WebApp>): TargetEntityProperties {
  const name = app.name ?? app.url ?? `Web app ${app.id}`;
  return compact({
    _class: 'Application',
    _type: TargetTypes.WEB_APP,
    _key: webAppKey(app.id),
    id: app.id,
    qualysWebAppId: app.id,
    name,
    displayName: name,
    url: app.url,
    createdOn: app.createdAt,
    updatedOn: app.updatedAt,
    tags: app.tags?.length ? app.tags : undefined,
  }) as TargetEntityProperties;
}

export const WEB_APP_FILTER_KEYS = [['_type', '_key'], ['_type', 'name', 'url']];

export function createScansWebAppRelationship(app: WebApp): MappedRelationship {
  return {
    _class: RelationshipClass.SCANS,
    _type: MappedRelationships.WEB_APP_SCANNER_SCANS_WEB_APP._type,
    _key: relationshipKey(WEB_APP_SCANNER_KEY, `s:${app.id}`),
    displayName: 'SCANS',
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: WEB_APP_SCANNER_KEY,
      targetFilterKeys: WEB_APP_FILTER_KEYS,
      targetEntity: createWebAppTarget(app),
    },
  };
}
