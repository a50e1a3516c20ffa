import { handOverPortalVersion, takePortalVersion } from './portalVersionHandoff';

const portal = { versions: { 'WAS-VERSION': '8.1' }, wasVersion: '8.1' };
const ORIGIN = 'https://qualysapi.example.test';

describe('portal version hand-over', () => {
  test('gives the account step the answer of the credential check, once', () => {
    handOverPortalVersion(ORIGIN, 'alice', portal, 1_000);
    expect(takePortalVersion(ORIGIN, 'alice', 2_000)).toEqual(portal);
    expect(takePortalVersion(ORIGIN, 'alice', 2_000)).toBeUndefined();
  });

  test('keeps answers for other servers and users apart', () => {
    handOverPortalVersion(ORIGIN, 'alice', portal, 1_000);
    expect(takePortalVersion(ORIGIN, 'bob', 1_000)).toBeUndefined();
    expect(takePortalVersion('https://qualysapi.other.test', 'alice', 1_000)).toBeUndefined();
    expect(takePortalVersion(ORIGIN, 'alice', 1_000)).toEqual(portal);
  });

  test('does not trust an answer older than ten minutes', () => {
    handOverPortalVersion(ORIGIN, 'alice', portal, 0);
    expect(takePortalVersion(ORIGIN, 'alice', 10 * 60_000 + 1)).toBeUndefined();
  });
});
