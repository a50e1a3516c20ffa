import { QualysClient, RecordQuery } from './client';
import { followQpsPages, followWarningPages } from './paging';
import { buildServiceRequest } from './serviceRequest';
import { clientFor } from './testing/clientHarness';
import { answer, useTestServers } from './testing/testServer';
import { fixture } from './testing/xmlRecords';
import { XmlRecord } from './xml/recordReader';
import { qualysErrorOf } from './testing/qualysErrorOf';

const HOSTS = '/api/2.0/fo/asset/host/';
const DETECTIONS = '/api/2.0/fo/asset/host/vm/detection/';
const ID_PATH = 'HOST_LIST_OUTPUT/RESPONSE/ID_SET/ID';
const HOST_WARNING = 'HOST_LIST_OUTPUT/RESPONSE/WARNING';
const DETECTION_HOST = 'HOST_LIST_VM_DETECTION_OUTPUT/RESPONSE/HOST_LIST/HOST';
const DETECTION_WARNING = 'HOST_LIST_VM_DETECTION_OUTPUT/RESPONSE/WARNING';
const WEB_APP_PATH = 'ServiceResponse/data/WebApp';

function warning(nextUrl: string): string {
  return `<WARNING><CODE>1980</CODE><TEXT>2 record limit exceeded. Use URL to get next batch of results.</TEXT><URL><![CDATA[${nextUrl}]]></URL></WARNING>`;
}

function hostIdPage(ids: number[], nextUrl?: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<HOST_LIST_OUTPUT><RESPONSE><DATETIME>2024-03-01T10:00:00Z</DATETIME><ID_SET>',
    ...ids.map((id) => `<ID>${id}</ID>`),
    '</ID_SET>',
    nextUrl ? warning(nextUrl) : '',
    '</RESPONSE></HOST_LIST_OUTPUT>',
  ].join('');
}

function detectionPage(hostIds: number[], nextUrl?: string): string {
  return [
    '<HOST_LIST_VM_DETECTION_OUTPUT><RESPONSE><HOST_LIST>',
    ...hostIds.map((id) => `<HOST><ID>${id}</ID></HOST>`),
    '</HOST_LIST>',
    nextUrl ? warning(nextUrl) : '',
    '</RESPONSE></HOST_LIST_VM_DETECTION_OUTPUT>',
  ].join('');
}

function qpsPage(items: number[], hasMore: boolean): string {
  return [
    '<ServiceResponse><responseCode>SUCCESS</responseCode>',
    `<count>${items.length}</count><hasMoreRecords>${hasMore}</hasMoreRecords><data>`,
    ...items.map((id) => `<WebApp><id>${id}</id></WebApp>`),
    '</data></ServiceResponse>',
  ].join('');
}

const serve = useTestServers();

function hostIdQuery(client: QualysClient): RecordQuery {
  return {
    family: 'fo',
    request: { method: 'GET', url: client.url(HOSTS, { action: 'list', details: 'None', truncation_limit: '2' }) },
    recordPaths: [ID_PATH],
    expectedRoot: 'HOST_LIST_OUTPUT',
  };
}

function detectionQuery(client: QualysClient): RecordQuery {
  return {
    family: 'fo',
    request: {
      method: 'POST',
      url: client.url(DETECTIONS),
      form: new URLSearchParams({ action: 'list', ids: '1-5,9', truncation_limit: '2', show_tags: '1' }),
    },
    recordPaths: [DETECTION_HOST],
    expectedRoot: 'HOST_LIST_VM_DETECTION_OUTPUT',
  };
}

/** The text of each record, or of its first child (HOST/ID, WebApp/id). */
async function collect(records: AsyncIterable<XmlRecord>): Promise<string[]> {
  const out: string[] = [];
  for await (const { node } of records) out.push((node.children[0] ?? node).text.trim());
  return out;
}

describe('followWarningPages', () => {
  test('follows WARNING/URL until a page has none, without yielding the WARNING', async () => {
    const server = await serve(
      answer(hostIdPage([1, 2], `https://qualysapi.example.com${HOSTS}?action=list&details=None&truncation_limit=2&id_min=3`)),
      answer(hostIdPage([3, 4], `https://qualysapi.example.com${HOSTS}?action=list&details=None&truncation_limit=2&id_min=5`)),
      answer(hostIdPage([5])),
    );
    const { client } = clientFor(server);

    expect(await collect(followWarningPages(client, hostIdQuery(client), HOST_WARNING))).toEqual([
      '1', '2', '3', '4', '5',
    ]);
    expect(server.requests.map((r) => r.url.searchParams.get('id_min'))).toEqual([null, '3', '5']);
  });

  test('follows the URL on the configured server even when it names another host', async () => {
    const elsewhere = await serve(answer(hostIdPage([666])));
    const next = new URL(`${HOSTS}?action=list&details=None&id_min=3`, elsewhere.url);
    next.hostname = 'localhost';
    const server = await serve(answer(hostIdPage([1, 2], next.href)), answer(hostIdPage([3])));
    const { client } = clientFor(server);

    expect(await collect(followWarningPages(client, hostIdQuery(client), HOST_WARNING))).toEqual(['1', '2', '3']);
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(2);
    const followUp = server.requests[1];
    expect(followUp.url.pathname).toBe(HOSTS);
    expect(followUp.url.searchParams.get('id_min')).toBe('3');
    expect(followUp.headers.authorization).toMatch(/^Basic /);
  });

  test('stops with an error when the next URL repeats a page already read', async () => {
    const server = await serve(answer(hostIdPage([1, 2], `https://qualysapi.example.com${HOSTS}?action=list&id_min=3`)));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(collect(followWarningPages(client, hostIdQuery(client), HOST_WARNING)));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('repeats a page already read');
    expect(error.message).toContain('id_min=3');
    expect(server.requests).toHaveLength(2);
  });

  test('stops with an error when the next URL points back at the first page', async () => {
    const first = `https://qualysapi.example.com${HOSTS}?action=list&details=None&truncation_limit=2`;
    const server = await serve(answer(hostIdPage([1], first)));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(collect(followWarningPages(client, hostIdQuery(client), HOST_WARNING)));
    expect(error.message).toContain('no id_min');
    expect(server.requests).toHaveLength(1);
  });

  test('stops after a bounded number of calls when two pages point at each other', async () => {
    const a = `https://qualysapi.example.com${HOSTS}?action=list&id_min=3`;
    const b = `https://qualysapi.example.com${HOSTS}?action=list&id_min=5`;
    const server = await serve(answer(hostIdPage([1], a)), answer(hostIdPage([3], b)), answer(hostIdPage([5], a)));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(collect(followWarningPages(client, hostIdQuery(client), HOST_WARNING)));
    expect(error.kind).toBe('bad-response');
    expect(server.requests).toHaveLength(3);
  });

  test('keeps a POSTed id list in the body of the follow-up request', async () => {
    const server = await serve(
      answer(detectionPage([1, 2], `https://qualysapi.example.com${DETECTIONS}?action=list&id_min=3`)),
      answer(detectionPage([3])),
    );
    const { client } = clientFor(server);

    expect(await collect(followWarningPages(client, detectionQuery(client), DETECTION_WARNING))).toEqual(['1', '2', '3']);
    const followUp = server.requests[1];
    expect(followUp.method).toBe('POST');
    const body = new URLSearchParams(followUp.body);
    expect(body.get('ids')).toBe('1-5,9');
    expect(body.get('show_tags')).toBe('1');
    const sent = new URLSearchParams([...body, ...followUp.url.searchParams]);
    expect(sent.get('id_min')).toBe('3');
    expect(sent.getAll('action')).toEqual(['list']);
  });

  test('keeps the id list out of the URL when the next URL repeats it', async () => {
    const server = await serve(
      answer(detectionPage([1, 2], `https://qualysapi.example.com${DETECTIONS}?action=list&ids=1-5,9&truncation_limit=2&id_min=3`)),
      answer(detectionPage([3])),
    );
    const { client } = clientFor(server);

    await collect(followWarningPages(client, detectionQuery(client), DETECTION_WARNING));
    const followUp = server.requests[1];
    expect(followUp.method).toBe('POST');
    expect(followUp.url.searchParams.has('ids')).toBe(false);
    const body = new URLSearchParams(followUp.body);
    expect(body.getAll('ids')).toEqual(['1-5,9']);
    const sent = new URLSearchParams([...body, ...followUp.url.searchParams]);
    expect(sent.getAll('id_min')).toEqual(['3']);
    expect(sent.getAll('truncation_limit')).toEqual(['2']);
  });
});

describe('followQpsPages', () => {
  function webAppPaging(client: QualysClient, maxPages?: number) {
    return {
      pageSize: 1,
      dataPath: WEB_APP_PATH,
      maxPages,
      build: (offset: number): RecordQuery => ({
        family: 'qps',
        request: {
          method: 'POST',
          url: client.url('/qps/rest/3.0/search/was/webapp'),
          xml: buildServiceRequest({ criteria: [], limitResults: 1, startFromOffset: offset }),
        },
        recordPaths: [WEB_APP_PATH],
        expectedRoot: 'ServiceResponse',
      }),
    };
  }

  function offsetOf(body: string): string | undefined {
    return /<startFromOffset>(\d+)<\/startFromOffset>/.exec(body)?.[1];
  }

  test('moves the offset while hasMoreRecords is true', async () => {
    const server = await serve(
      answer(fixture('web-apps-page-1.xml'), { contentType: 'application/xml' }),
      answer(fixture('web-apps-page-2.xml'), { contentType: 'application/xml' }),
      answer(fixture('web-apps-page-last.xml'), { contentType: 'application/xml' }),
    );
    const { client } = clientFor(server);

    const ids = await collect(followQpsPages(client, webAppPaging(client)));
    expect(ids).toEqual(['238483924', '238483925', '251316904']);
    expect(server.requests.map((r) => offsetOf(r.body))).toEqual(['1', '2', '3']);
  });

  test('advances by the number of records a page really held', async () => {
    const server = await serve(
      answer(qpsPage([1, 2, 3], true), { contentType: 'application/xml' }),
      answer(qpsPage([4], false), { contentType: 'application/xml' }),
    );
    const { client } = clientFor(server);

    expect(await collect(followQpsPages(client, webAppPaging(client)))).toEqual(['1', '2', '3', '4']);
    expect(server.requests.map((r) => offsetOf(r.body))).toEqual(['1', '4']);
  });

  test('stops with an error when a page claims more but holds no record', async () => {
    const server = await serve(answer(qpsPage([], true), { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(collect(followQpsPages(client, webAppPaging(client))));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('says hasMoreRecords but holds no record');
    expect(server.requests).toHaveLength(1);
  });

  test('stops with an error after maxPages pages', async () => {
    const server = await serve(answer(qpsPage([7], true), { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(collect(followQpsPages(client, webAppPaging(client, 3))));
    expect(error.message).toContain('more than 3 pages');
    expect(server.requests).toHaveLength(3);
  });

  test('reads a single page with hasMoreRecords false and a lastId', async () => {
    const server = await serve(answer(fixture('host-assets-azure.xml'), { contentType: 'application/xml' }));
    const { client } = clientFor(server);
    const paging = {
      ...webAppPaging(client),
      dataPath: 'ServiceResponse/data/HostAsset',
      build: (offset: number): RecordQuery => ({
        ...webAppPaging(client).build(offset),
        recordPaths: ['ServiceResponse/data/HostAsset'],
      }),
    };

    expect(await collect(followQpsPages(client, paging))).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });
});
