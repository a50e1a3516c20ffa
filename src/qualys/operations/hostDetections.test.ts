import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture, nodesAt, readRecords } from '../testing/xmlRecords';
import { DetectionHost, compressIds, iterateHostDetections, readHost } from './hostDetections';

const HOST_PATH = 'HOST_LIST_VM_DETECTION_OUTPUT/RESPONSE/HOST_LIST/HOST';

function hostsOf(name: string): Array<DetectionHost | undefined> {
  return nodesAt(fixture(name), HOST_PATH).map(readHost);
}

describe('readHost', () => {
  test('reads a real host with many detections', () => {
    const [host] = hostsOf('detections.xml');
    expect(host).toMatchObject({
      id: '6506432',
      ip: '10.10.10.11',
      trackingMethod: 'IP',
      os: 'Windows 2008 R2 Enterprise Service Pack1',
      dns: '2k8r2-u-10-11',
      netbios: '2K8R2-U-10-11',
      lastScanAt: Date.UTC(2018, 3, 13, 3, 49, 5),
      lastVmScannedAt: Date.UTC(2018, 3, 13, 3, 48, 50),
      tags: [],
      skipped: [],
    });
    expect(host?.detections.map((d) => d.qid)).toEqual([38170, 38173, 38601]);
    expect(host?.detections[0]).toEqual({
      qid: 38170,
      type: 'Confirmed',
      severity: 2,
      port: 3389,
      protocol: 'tcp',
      ssl: true,
      results: 'Certificate #0 CN=2k8r2-u-10-11(2k8r2-u-10-11) doesn&apos;tresolve',
      resultsTruncated: undefined,
      status: 'Active',
      firstFoundAt: Date.UTC(2018, 0, 26, 4, 45, 50),
      lastFoundAt: Date.UTC(2018, 3, 13, 3, 48, 50),
      lastFixedAt: undefined,
      timesFound: 111,
      lastTestAt: Date.UTC(2018, 3, 13, 3, 48, 50),
      lastUpdateAt: Date.UTC(2018, 3, 13, 3, 49, 5),
      lastProcessedAt: Date.UTC(2018, 3, 13, 3, 49, 5),
      isIgnored: false,
      isDisabled: false,
    });
    expect(host?.detections[1].results).toBe('Certificate #0 CN=2k8r2-u-10-11\nunable to get local\nissuer certificate');
  });

  test('reads a host with exactly one DETECTION as a list of one', () => {
    const [host] = hostsOf('detections-edge-cases.xml');
    expect(host?.detections).toHaveLength(1);
    expect(host?.detections[0]).toMatchObject({
      qid: 38170,
      protocol: 'tcp',
      ssl: true,
      isDisabled: true,
      isIgnored: false,
      timesFound: 12,
      lastFoundAt: Date.UTC(2024, 1, 3, 4, 5, 6),
    });
  });

  test('reads TAGS holding one TAG as one tag name', () => {
    const [host] = hostsOf('detections-edge-cases.xml');
    expect(host?.tags).toEqual(['Production']);
  });

  test('skips nameless tags and keeps a numeric tag name as a string', () => {
    const host = hostsOf('detections-edge-cases.xml')[1];
    expect(host?.tags).toEqual(['2024', 'Cloud Agent']);
  });

  test('skips detections with a garbled, empty or missing QID and says why', () => {
    const host = hostsOf('detections-edge-cases.xml')[1];
    expect(host?.detections.map((d) => d.qid)).toEqual([105943, 90882]);
    expect(host?.skipped).toEqual([
      { reason: 'qid-not-a-number', value: '381\uFFFD0' },
      { reason: 'qid-not-a-number', value: '' },
      { reason: 'qid-not-a-number', value: '' },
    ]);
  });

  test('keeps inner line breaks of RESULTS and trims its ends', () => {
    const host = hostsOf('detections-edge-cases.xml')[1];
    expect(host?.detections[0]).toMatchObject({ qid: 105943, ssl: false, results: 'first line\n  second line' });
  });

  test('reads a host without TAGS or DETECTION_LIST as empty lists', () => {
    const host = hostsOf('detections-edge-cases.xml')[2];
    expect(host).toMatchObject({ id: '1003', tags: [], detections: [], skipped: [] });
  });

  test('gives undefined for a host whose ID is not a number', () => {
    expect(hostsOf('detections-edge-cases.xml')[3]).toBeUndefined();
  });

  test('marks RESULTS cut at the text limit', () => {
    const [record] = readRecords(fixture('detections.xml'), [HOST_PATH], 20);
    const [first] = readHost(record.node)?.detections ?? [];
    expect(first).toMatchObject({ qid: 38170, resultsTruncated: true });
    expect(first.results).toBe('Certificate #0 CN=2k');
  });
});

describe('compressIds', () => {
  test('turns runs into ranges, sorted, without duplicates', () => {
    expect(compressIds([7, 3, 1, 2, 3, 5, 10, 11])).toBe('1-3,5,7,10-11');
  });

  test('writes a single id as itself', () => {
    expect(compressIds([42])).toBe('42');
  });
});

describe('iterateHostDetections', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('posts the batch in the body and drops excluded QIDs', async () => {
    server = await TestServer.start(answer(fixture('detections.xml'), { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const hosts: DetectionHost[] = [];
    const batch = [6506432, 6506433, 6506434, 10];
    for await (const host of iterateHostDetections(client, batch, {
      severities: [2, 3],
      statuses: ['New', 'Active'],
      types: ['Confirmed', 'Info'],
      updatedAfter: Date.UTC(2024, 0, 1, 0, 0, 0, 123),
      excludeQids: [38173],
    })) {
      hosts.push(host);
    }

    expect(hosts.map((h) => h.detections.map((d) => d.qid))).toEqual([[38170, 38601]]);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe('/api/2.0/fo/asset/host/vm/detection/');
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toMatchObject({
      action: 'list',
      ids: '10,6506432-6506434',
      truncation_limit: '4',
      show_tags: '1',
      show_igs: '1',
      show_results: '0',
      severities: '2,3',
      status: 'New,Active',
      detection_updated_since: '2024-01-01T00:00:00Z',
    });
  });

  test('sends nothing for an empty batch', async () => {
    server = await TestServer.start(answer(fixture('detections.xml')));
    const { client } = clientFor(server);
    for await (const host of iterateHostDetections(client, [], {})) throw new Error(`unexpected ${host.id}`);
    expect(server.requests).toHaveLength(0);
  });
});
