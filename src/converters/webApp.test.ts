import { RelationshipDirection } from '@jupiterone/integration-sdk-core';
import { duplicates, propertyProblems, timestampProblems } from '../../test/helpers/graphChecks';
import { readWebApps } from '../../test/helpers/readFixture';
import { WebApp } from '../qualys/operations/webApps';
import { MappedRelationships, TargetTypes } from '../steps/constants';
import { WEB_APP_SCANNER_KEY } from './keys';
import { createScansWebAppRelationship, createWebAppTarget } from './webApp';

let apps: WebApp[];

beforeAll(async () => {
  apps = await readWebApps('web-apps.xml');
});

describe('createWebAppTarget', () => {
  test('keys each web app by its Qualys id, with its name and URL, when converting the recording', () => {
    const targets = apps.map(createWebAppTarget);
    expect(targets).toHaveLength(7);
    expect(duplicates(targets.map((t) => t._key))).toEqual([]);
    expect(targets[0]).toMatchObject({
      _class: 'Application',
      _type: TargetTypes.WEB_APP,
      _key: 'qualys-web-app:238483924',
      qualysWebAppId: '238483924',
      name: 'http://rest.vulnweb.com/',
      url: 'http://rest.vulnweb.com/',
    });
    expect(targets[5]).toMatchObject({ name: 'Juice Shop', url: 'http://d218uuknkwwh79.cloudfront.net/#/' });
  });

  test('writes dates as epoch milliseconds and only flat properties when converting the recording', () => {
    for (const target of apps.map(createWebAppTarget)) {
      expect(timestampProblems(target, ['createdOn', 'updatedOn'])).toEqual([]);
      expect(propertyProblems(target)).toEqual([]);
    }
    expect(createWebAppTarget(apps[0]).createdOn).toBe(Date.parse('2022-04-12T21:12:52Z'));
  });

  test('passes the Application schema when built from the recording', () => {
    expect(apps.map(createWebAppTarget)).toMatchGraphObjectSchema({ _class: 'Application' });
  });

  test('leaves tags out when the web app has none and keeps them as text when it has some', () => {
    expect('tags' in createWebAppTarget(apps[0])).toBe(false);
    expect(createWebAppTarget({ ...apps[0], tags: ['Production', 'PCI'] }).tags).toEqual(['Production', 'PCI']);
  });
});

describe('createScansWebAppRelationship', () => {
  test('links the web app scanner to each web app, with its own key, when converting the recording', () => {
    const relationships = apps.map(createScansWebAppRelationship);
    expect(duplicates(relationships.map((r) => r._key))).toEqual([]);
    for (const [i, relationship] of relationships.entries()) {
      expect(relationship._type).toBe(MappedRelationships.WEB_APP_SCANNER_SCANS_WEB_APP._type);
      expect(relationship._mapping).toMatchObject({
        relationshipDirection: RelationshipDirection.FORWARD,
        sourceEntityKey: WEB_APP_SCANNER_KEY,
        targetEntity: { _type: TargetTypes.WEB_APP, _key: `qualys-web-app:${apps[i].id}` },
      });
    }
  });
});
