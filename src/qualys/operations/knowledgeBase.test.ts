import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture, nodesAt } from '../testing/xmlRecords';
import { KnowledgeBaseVuln, iterateKnowledgeBase, readVuln } from './knowledgeBase';

const VULN_PATH = 'KNOWLEDGE_BASE_VULN_LIST_OUTPUT/RESPONSE/VULN_LIST/VULN';

function vulnsOf(name: string): Array<KnowledgeBaseVuln | undefined> {
  return nodesAt(fixture(name), VULN_PATH).map(readVuln);
}

describe('readVuln', () => {
  test('reads a real knowledge base entry', () => {
    const [vuln] = vulnsOf('knowledge-base-vuln.xml');
    expect(vuln).toMatchObject({
      qid: 316760,
      title: 'Cisco IOS XE Software Command Injection Vulnerability (cisco-sa-iosxe-cmdinj-2MzhjM6K)',
      severityLevel: 3,
      vulnType: 'Vulnerability or Potential Vulnerability',
      category: 'Cisco',
      cveIds: ['CVE-2020-3403'],
      patchable: true,
      pciFlag: true,
      discoveryRemote: true,
      publishedAt: Date.UTC(2020, 9, 7, 12, 11, 44),
      lastModifiedAt: Date.UTC(2020, 9, 7, 13, 2, 59),
      threatIntelligence: [],
    });
    expect(vuln?.solution).toMatch(/^<P>Customers are advised/);
    expect(vuln?.consequence).toMatch(/^A successful exploit/);
  });

  test('reads a VULN without CVE_LIST or CVSS as no CVEs and no scores', () => {
    const [vuln] = vulnsOf('knowledge-base-variants.xml');
    expect(vuln).toMatchObject({
      qid: 6,
      cveIds: [],
      cvssBase: undefined,
      cvssTemporal: undefined,
      cvss3Base: undefined,
      cvss3Temporal: undefined,
      patchable: false,
      discoveryRemote: true,
    });
  });

  test('reads one CVE and a CVSS base score alone', () => {
    const vuln = vulnsOf('knowledge-base-variants.xml')[1];
    expect(vuln).toMatchObject({
      qid: 150004,
      cveIds: ['CVE-2021-0001'],
      cvssBase: 5,
      cvssTemporal: undefined,
      cvss3Base: undefined,
    });
  });

  test('reads three CVEs and both CVSS versions', () => {
    const vuln = vulnsOf('knowledge-base-variants.xml')[2];
    expect(vuln).toMatchObject({
      qid: 91234,
      title: 'Remote Code Execution & Privilege Escalation',
      cveIds: ['CVE-2023-1111', 'CVE-2023-2222', 'CVE-2023-3333'],
      cvssBase: 9.3,
      cvssTemporal: 6.9,
      cvss3Base: 9.8,
      cvss3Temporal: 8.5,
      threatIntelligence: ['Zero_Day', 'Easy_Exploit'],
      publishedAt: Date.UTC(2023, 6, 11),
    });
  });

  test('gives undefined for a VULN whose QID is not a number', () => {
    expect(vulnsOf('knowledge-base-variants.xml')[3]).toBeUndefined();
  });
});

describe('iterateKnowledgeBase', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('posts the QIDs and yields the entries, skipping the unreadable one', async () => {
    server = await TestServer.start(answer(fixture('knowledge-base-variants.xml')));
    const { client } = clientFor(server);

    const qids: number[] = [];
    for await (const vuln of iterateKnowledgeBase(client, [6, 150004, 91234])) qids.push(vuln.qid);

    expect(qids).toEqual([6, 150004, 91234]);
    const [request] = server.requests;
    expect(request.url.pathname).toBe('/api/2.0/fo/knowledge_base/vuln/');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ action: 'list', ids: '6,150004,91234' });
  });
});
