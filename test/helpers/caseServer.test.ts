import { CaseServer, expandIdList, parseCriteria, scenariosOf } from './caseServer';

const USERNAME = 'mock-user';
const PASSWORD = 'mock-Pa55:word';
const AUTH = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

interface Answer {
  status: number;
  text: string;
  contentType: string | null;
}

async function call(server: CaseServer, method: string, target: string, init: { form?: Record<string, string>; xml?: string; auth?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: init.auth ?? AUTH };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.xml) {
    headers['content-type'] = 'text/xml';
    body = init.xml;
  }
  const response = await fetch(`${server.url}${target}`, { method, headers, body });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

async function withServer(caseName: string, scenario: string | undefined, work: (server: CaseServer) => Promise<void>): Promise<void> {
  const server = await CaseServer.start(caseName, { scenario, username: USERNAME, password: PASSWORD, throttle: false });
  try {
    await work(server);
  } finally {
    await server.close();
  }
}

const countOf = (text: string, tag: string) => text.split(`<${tag}>`).length - 1;

describe('CaseServer', () => {
  test('answers in NN order, then repeats the last one, when exchanges share a route', async () => {
    await withServer('07-409-concurrency-and-rate-limit', 'A', async (server) => {
      const form = { action: 'list', ids: '700001,700002' };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form })).status);
      expect(statuses).toEqual([409, 409, 200, 200]);
      expect(server.requests.map((r) => r.exchange)).toEqual(['02', '03', '04', '04']);
      expect(server.unserved).toEqual(['01']);
    });
  });

  test('serves a VM API exchange for GET and POST alike when the method differs', async () => {
    await withServer('02-kb-cve-list-shapes-and-unknown-qid', undefined, async (server) => {
      const answer = await call(server, 'POST', '/api/2.0/fo/asset/host/', { form: { action: 'list' } });
      expect(answer.text).toContain('<ID>200001</ID>');
      expect(server.requests[0]).toMatchObject({ exchange: '01', form: { action: 'list' }, params: { action: 'list' } });
    });
  });

  test('answers with an empty result of the right shape when the case does not list the route', async () => {
    await withServer('07-409-concurrency-and-rate-limit', 'B', async (server) => {
      const qps = await call(server, 'POST', '/qps/rest/3.0/search/was/webapp', { xml: '<ServiceRequest/>' });
      expect(qps.text).toContain('<responseCode>SUCCESS</responseCode><count>0</count>');
      const version = await call(server, 'GET', '/qps/rest/portal/version');
      expect(version.text).toContain('<responseCode>SUCCESS</responseCode>');
      const kb = await call(server, 'POST', '/api/2.0/fo/knowledge_base/vuln/', { form: { action: 'list', ids: '1' } });
      expect(kb.text).toMatch(/<KNOWLEDGE_BASE_VULN_LIST_OUTPUT><RESPONSE><DATETIME>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/DATETIME><\/RESPONSE><\/KNOWLEDGE_BASE_VULN_LIST_OUTPUT>/);
      expect(server.requests.map((r) => r.exchange)).toEqual([undefined, undefined, undefined]);
    });
  });

  test('puts its own origin in the body when the body says {{BASE_URL}}', async () => {
    await withServer('06-truncation-warning-next-url', 'A', async (server) => {
      const answer = await call(server, 'GET', '/api/2.0/fo/asset/host/?action=list&details=None');
      expect(answer.text).toContain(`${server.url}/api/2.0/fo/asset/host/?action=list`);
      expect(answer.text).not.toContain('{{BASE_URL}}');
    });
  });

  test('routes by id_min, whatever the method, when serving case 06 detection pages', async () => {
    await withServer('06-truncation-warning-next-url', 'A', async (server) => {
      await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form: { action: 'list', ids: '600001-600003' } });
      await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form: { action: 'list', ids: '600001-600003', id_min: '600003' } });
      await call(server, 'GET', '/api/2.0/fo/asset/host/vm/detection/?action=list&id_min=600003');
      await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form: { action: 'list', ids: '600001' } });
      expect(server.requests.map((r) => r.exchange)).toEqual(['03', '04', '04', '03']);
    });
  });

  test('answers with the Qualys rejection when a date carries milliseconds', async () => {
    await withServer('10-detection-status-and-date-filters', undefined, async (server) => {
      const rejected = await call(server, 'GET', '/api/2.0/fo/asset/host/?action=list&vm_processed_after=2026-11-23T16:00:00.123Z');
      const accepted = await call(server, 'GET', '/api/2.0/fo/asset/host/?action=list&vm_processed_after=2026-11-23T16:00:00Z');
      expect([rejected.status, accepted.status]).toEqual([400, 200]);
      expect(server.requests.map((r) => r.exchange)).toEqual(['02', '01']);
    });
  });

  test('answers every VM API 2.0 path with the expired-account answer when serving case 09 B', async () => {
    await withServer('09-account-errors-in-http-200', 'B', async (server) => {
      const hosts = await call(server, 'GET', '/api/2.0/fo/asset/host/?action=list');
      const kb = await call(server, 'POST', '/api/2.0/fo/knowledge_base/vuln/', { form: { ids: '1' } });
      expect([hosts.text, kb.text].every((t) => t.includes('<CODE>2001</CODE>'))).toBe(true);
    });
  });

  test('makes detection bodies for exactly the hosts asked for when serving case 15 A', async () => {
    await withServer('15-huge-detection-response', 'A', async (server) => {
      const list = await call(server, 'GET', '/api/2.0/fo/asset/host/?action=list');
      expect(countOf(list.text, 'ID')).toBe(3000);
      const slice = await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form: { action: 'list', ids: '1500010-1500011,1502999' } });
      expect(countOf(slice.text, 'HOST')).toBe(3);
      expect(countOf(slice.text, 'DETECTION')).toBe(150);
      expect(slice.text).toContain('<ID>1502999</ID>');
      const narrowed = await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', {
        form: { action: 'list', ids: '1500000-1502999', id_min: '1502998' },
      });
      expect(countOf(narrowed.text, 'HOST')).toBe(2);
      const kb = await call(server, 'POST', '/api/2.0/fo/knowledge_base/vuln/', { form: { ids: '95000-95049' } });
      expect(countOf(kb.text, 'VULN')).toBe(50);
    });
  });

  test('makes one detection with a 12 MB RESULTS text when serving case 15 B', async () => {
    await withServer('15-huge-detection-response', 'B', async (server) => {
      const answer = await call(server, 'POST', '/api/2.0/fo/asset/host/vm/detection/', { form: { action: 'list', ids: '1503000' } });
      const results = /<RESULTS><!\[CDATA\[([^\]]*)\]\]><\/RESULTS>/.exec(answer.text);
      expect(results?.[1].length).toBe(12_000_000);
      expect(answer.text).toContain('<ID>1503000</ID>');
    });
  });

  test('records credentials as ok, wrong or none without keeping the password when requests authenticate', async () => {
    await withServer('02-kb-cve-list-shapes-and-unknown-qid', undefined, async (server) => {
      await call(server, 'GET', '/qps/rest/portal/version');
      await call(server, 'GET', '/qps/rest/portal/version', { auth: `Basic ${Buffer.from(`${USERNAME}:nope`).toString('base64')}` });
      await call(server, 'GET', '/qps/rest/portal/version', { auth: '' });
      expect(server.requests.map((r) => r.auth)).toEqual(['ok', 'wrong', 'none']);
      const recorded = JSON.stringify(server.requests);
      expect(recorded).not.toContain(PASSWORD);
      expect(recorded).not.toContain(AUTH.slice('Basic '.length));
    });
  });

  test('records form fields, QPS criteria and timings when a request arrives', async () => {
    await withServer('01-list-cardinality-zero-one-many', 'B', async (server) => {
      await call(server, 'POST', '/qps/rest/2.0/search/am/hostasset', {
        xml: '<ServiceRequest><filters><Criteria field="qwebHostId" operator="IN">100001,100002</Criteria></filters></ServiceRequest>',
      });
      const [request] = server.requests;
      expect(request.criteria).toEqual([{ field: 'qwebHostId', operator: 'IN', value: '100001,100002' }]);
      expect(request.exchange).toBe('04');
      expect(request.endedAt).toBeGreaterThanOrEqual(request.arrivedAt);
      expect(request.aborted).toBe(false);
    });
  });

  test('lists the scenario letters when a case has scenarios', () => {
    expect(scenariosOf('01-list-cardinality-zero-one-many')).toEqual(['A', 'B', 'C']);
    expect(scenariosOf('02-kb-cve-list-shapes-and-unknown-qid')).toEqual([]);
  });
});

describe('expandIdList', () => {
  test('expands ranges and keeps other tokens when given a Qualys id list', () => {
    expect(expandIdList('1, 3,5-7,x')).toEqual(['1', '3', '5', '6', '7', 'x']);
  });
});

describe('parseCriteria', () => {
  test('decodes attribute and value entities when reading a QPS filter', () => {
    expect(parseCriteria('<Criteria field="name" operator="EQUALS">R&amp;D</Criteria>')).toEqual([
      { field: 'name', operator: 'EQUALS', value: 'R&D' },
    ]);
  });
});
