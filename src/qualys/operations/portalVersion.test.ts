import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture } from '../testing/xmlRecords';
import { fetchPortalVersion } from './portalVersion';

describe('fetchPortalVersion', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function versionsFrom(name: string) {
    server = await TestServer.start(answer(fixture(name), { contentType: 'application/xml' }));
    return fetchPortalVersion(clientFor(server).client);
  }

  test('reads VM-VERSION from a 2020 portal', async () => {
    const version = await versionsFrom('portal-version.xml');
    expect(version).toMatchObject({ vmVersion: '1.0.3', wasVersion: '6.13.1.0' });
    expect(version.versions['WEB-VERSION']).toBe('10.3.0.2-2');
    expect(server?.requests[0]).toMatchObject({ method: 'GET' });
    expect(server?.requests[0].url.pathname).toBe('/qps/rest/portal/version');
  });

  test('reads QWEB__VM-VERSION from a 2022 portal', async () => {
    const version = await versionsFrom('portal-version-2022.xml');
    expect(version).toMatchObject({ vmVersion: '2.11.0', wasVersion: '1.1.0.0-2' });
    expect(version.versions['VM-VERSION']).toBeUndefined();
  });

  test('fails as credentials on INVALID_CREDENTIALS', async () => {
    await expect(versionsFrom('qps-invalid-credentials.xml')).rejects.toMatchObject({ kind: 'credentials' });
  });
});
