import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture } from '../testing/xmlRecords';
import { iterateHostIds, tagParameters } from './hostIds';

describe('iterateHostIds', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function idsFrom(body: string): Promise<number[]> {
    server = await TestServer.start(answer(body, { contentType: 'application/xml' }));
    const { client } = clientFor(server);
    const ids: number[] = [];
    for await (const id of iterateHostIds(client, {
      processedAfter: Date.UTC(2024, 1, 3, 4, 5, 6, 789),
      tags: { by: 'name', include: ['Prod', 'Web'] },
    })) {
      ids.push(id);
    }
    return ids;
  }

  test('reads a real host id list and asks with the filters', async () => {
    expect(await idsFrom(fixture('host-ids.xml'))).toEqual([107800671]);
    const query = Object.fromEntries(server?.requests[0].url.searchParams ?? []);
    expect(query).toMatchObject({
      action: 'list',
      details: 'None',
      vm_processed_after: '2024-02-03T04:05:06Z',
      use_tags: '1',
      tag_set_by: 'name',
      tag_set_include: 'Prod,Web',
      tag_include_selector: 'any',
    });
  });

  test('expands ID_RANGE elements and skips unreadable ids', async () => {
    const body =
      '<HOST_LIST_OUTPUT><RESPONSE><ID_SET>' +
      '<ID>3</ID><ID_RANGE>10-12</ID_RANGE><ID>abc</ID><ID_RANGE>20 - 21</ID_RANGE><ID_RANGE>junk</ID_RANGE><ID>0</ID>' +
      '</ID_SET></RESPONSE></HOST_LIST_OUTPUT>';
    expect(await idsFrom(body)).toEqual([3, 10, 11, 12, 20, 21]);
  });

  test('yields nothing when RESPONSE holds only DATETIME', async () => {
    const body = '<HOST_LIST_OUTPUT><RESPONSE><DATETIME>2020-09-24T00:00:00Z</DATETIME></RESPONSE></HOST_LIST_OUTPUT>';
    expect(await idsFrom(body)).toEqual([]);
  });
});

describe('tagParameters', () => {
  test('sends nothing without tags', () => {
    expect(tagParameters(undefined)).toEqual({});
    expect(tagParameters({ by: 'id', include: [], exclude: [] })).toEqual({});
  });

  test('sends include and exclude sets with their selectors', () => {
    expect(
      tagParameters({ by: 'id', include: ['1', '2'], exclude: ['3'], includeSelector: 'all' }),
    ).toEqual({
      use_tags: '1',
      tag_set_by: 'id',
      tag_set_include: '1,2',
      tag_include_selector: 'all',
      tag_set_exclude: '3',
      tag_exclude_selector: 'any',
    });
  });
});
