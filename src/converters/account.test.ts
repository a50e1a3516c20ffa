import { Entity } from '@jupiterone/integration-sdk-core';
import { propertyProblems } from '../../test/helpers/graphChecks';
import { readPortalVersion } from '../../test/helpers/readFixture';
import { PortalVersion } from '../qualys/operations/portalVersion';
import { Entities, Relationships } from '../steps/constants';
import {
  createAccountEntity,
  createAccountHasServiceRelationship,
  createVulnerabilityManagerEntity,
  createWebAppScannerEntity,
} from './account';

const INSTANCE = { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Production' };
const API_URL = new URL('https://qualysapi.qg3.apps.qualys.com/');

let portal2022: PortalVersion;
let portal2020: PortalVersion;

beforeAll(async () => {
  portal2022 = await readPortalVersion('portal-version-2022.xml');
  portal2020 = await readPortalVersion('portal-version-2020.xml');
});

describe('createAccountEntity', () => {
  test('passes the Account schema when built from the 2022 portal answer', () => {
    const account = createAccountEntity(INSTANCE, API_URL, portal2022);
    expect(account).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class, _type: Entities.ACCOUNT._type });
    expect(propertyProblems(account)).toEqual([]);
  });

  test('takes the VM version from QWEB__VM-VERSION when the portal answers in the 2022 shape', () => {
    const account = createAccountEntity(INSTANCE, API_URL, portal2022);
    expect(account).toMatchObject({
      vmVersion: '2.11.0',
      wasVersion: '1.1.0.0-2',
      portalVersion: '3.11.0.0-3 OFFICIAL #713 (2022-04-12T08:00:39Z)',
    });
  });

  test('takes the VM version from VM-VERSION when the portal answers in the 2020 shape', () => {
    const account = createAccountEntity(INSTANCE, API_URL, portal2020);
    expect(account).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class, _type: Entities.ACCOUNT._type });
    expect(account).toMatchObject({
      vmVersion: '1.0.3',
      wasVersion: '6.13.1.0',
      portalVersion: '3.1.2.0-2 OFFICIAL #597 (2020-09-15T15:54:59Z)',
    });
  });

  test('keeps the same key when the portal version changes between runs', () => {
    const first = createAccountEntity(INSTANCE, API_URL, portal2020);
    const second = createAccountEntity(INSTANCE, API_URL, portal2022);
    const other = createAccountEntity({ ...INSTANCE, id: 'a1b2c3d4-0000-4000-8000-000000000002' }, API_URL, portal2022);
    expect(second._key).toBe(first._key);
    expect(other._key).not.toBe(first._key);
  });

  test('stores only the origin when the API URL has a path', () => {
    const account = createAccountEntity(INSTANCE, new URL('https://qualysapi.qg3.apps.qualys.com/api/2.0/'), portal2022);
    expect(account.apiUrl).toBe('https://qualysapi.qg3.apps.qualys.com');
  });
});

describe('createVulnerabilityManagerEntity', () => {
  test('passes the Service schema and carries the VM version when the portal answers in either shape', () => {
    for (const [portal, version] of [
      [portal2022, '2.11.0'],
      [portal2020, '1.0.3'],
    ] as const) {
      const service = createVulnerabilityManagerEntity(portal);
      expect(service).toMatchGraphObjectSchema({
        _class: Entities.VULNERABILITY_MANAGER._class,
        _type: Entities.VULNERABILITY_MANAGER._type,
      });
      expect(service.version).toBe(version);
      expect(propertyProblems(service)).toEqual([]);
    }
  });
});

describe('createWebAppScannerEntity', () => {
  test('passes the Service schema and carries the WAS version when the portal answers in either shape', () => {
    for (const [portal, version] of [
      [portal2022, '1.1.0.0-2'],
      [portal2020, '6.13.1.0'],
    ] as const) {
      const service = createWebAppScannerEntity(portal);
      expect(service).toMatchGraphObjectSchema({
        _class: Entities.WEB_APP_SCANNER._class,
        _type: Entities.WEB_APP_SCANNER._type,
      });
      expect(service.version).toBe(version);
      expect(propertyProblems(service)).toEqual([]);
    }
  });

  test('gets a key of its own when built next to the vulnerability manager', () => {
    const keys = [createVulnerabilityManagerEntity(portal2022)._key, createWebAppScannerEntity(portal2022)._key];
    expect(new Set(keys).size).toBe(2);
    expect(keys).toEqual([createVulnerabilityManagerEntity(portal2020)._key, createWebAppScannerEntity(portal2020)._key]);
  });
});

describe('createAccountHasServiceRelationship', () => {
  test('links the account to each service with the declared HAS types when given both services', () => {
    const account = createAccountEntity(INSTANCE, API_URL, portal2022);
    const services: Entity[] = [createVulnerabilityManagerEntity(portal2022), createWebAppScannerEntity(portal2022)];
    const relationships = services.map((service) => createAccountHasServiceRelationship(account, service));

    expect(relationships).toMatchDirectRelationshipSchema({});
    expect(relationships.map((r) => r._type)).toEqual([
      Relationships.ACCOUNT_HAS_VULNERABILITY_MANAGER._type,
      Relationships.ACCOUNT_HAS_WEB_APP_SCANNER._type,
    ]);
    expect(relationships.map((r) => [r._fromEntityKey, r._toEntityKey])).toEqual(
      services.map((service) => [account._key, service._key]),
    );
    expect(new Set(relationships.map((r) => r._key)).size).toBe(2);
  });
});
