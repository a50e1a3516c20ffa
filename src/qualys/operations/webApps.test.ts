import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture, nodesAt } from '../testing/xmlRecords';
import { WebApp, iterateWebApps, readWebApp } from './webApps';

const WEB_APP_PATH = 'ServiceResponse/data/WebApp';

describe('readWebApp', () => {
  test('reads a real web app', () => {
    const [node] = nodesAt(fixture('web-apps-page-1.xml'), WEB_APP_PATH);
    expect(readWebApp(node)).toEqual({
      id: '238483924',
      name: 'http://rest.vulnweb.com/',
      url: 'http://rest.vulnweb.com/',
      createdAt: Date.UTC(2022, 3, 12, 21, 12, 52),
      updatedAt: Date.UTC(2022, 3, 12, 21, 39, 40),
      tags: [],
    });
  });

  test('reads one tag or many, skipping nameless ones', () => {
    const xml =
      '<ServiceResponse><data>' +
      '<WebApp><id>1</id><tags><list><Tag><id>9</id><name>Prod</name></Tag></list></tags></WebApp>' +
      '<WebApp><id>2</id><tags><list><Tag><name>A</name></Tag><Tag><id>3</id></Tag><Tag><name>7</name></Tag></list></tags></WebApp>' +
      '<WebApp><name>no id</name></WebApp>' +
      '</data></ServiceResponse>';
    const apps = nodesAt(xml, WEB_APP_PATH).map(readWebApp);
    expect(apps.map((a) => a?.tags)).toEqual([['Prod'], ['A', '7'], undefined]);
  });
});

describe('iterateWebApps', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('asks for scanned apps with escaped criteria and follows the pages', async () => {
    server = await TestServer.start([
      answer(fixture('web-apps-page-1.xml'), { contentType: 'application/xml' }),
      answer(fixture('web-apps-page-last.xml'), { contentType: 'application/xml' }),
    ]);
    const { client } = clientFor(server);

    const apps: WebApp[] = [];
    for await (const app of iterateWebApps(client, { ids: ['1', '2<3'], scannedAfter: Date.UTC(2022, 0, 2, 3, 4, 5, 678) })) {
      apps.push(app);
    }

    expect(apps.map((a) => a.id)).toEqual(['238483924', '251316904']);
    const [first, second] = server.requests;
    expect(first.body).toContain('<Criteria field="isScanned" operator="EQUALS">true</Criteria>');
    expect(first.body).toContain('<Criteria field="lastScan.date" operator="GREATER">2022-01-02T03:04:05Z</Criteria>');
    expect(first.body).toContain('<Criteria field="id" operator="IN">1,2&lt;3</Criteria>');
    expect(first.body).toContain('<startFromOffset>1</startFromOffset>');
    expect(second.body).toContain('<startFromOffset>2</startFromOffset>');
  });
});
