import { request } from 'node:http';
import { startSimulator } from './index';
import { basicAuth, blocks, callFo, callQps, getUrl, text, texts } from './testSupport';
import { RunningSimulator, SimulatorOptions } from './types';

const HOSTS = '/api/2.0/fo/asset/host/';
const DETECTIONS = '/api/2.0/fo/asset/host/vm/detection/';
const KB = '/api/2.0/fo/knowledge_base/vuln/';
const PORTAL = '/qps/rest/portal/version';
const ASSETS = '/qps/rest/2.0/search/am/hostasset';
const WEB_APPS = '/qps/rest/3.0/search/was/webapp';
const FINDINGS = '/qps/rest/3.0/search/was/finding/';
const ALL_STATUSES = 'New,Active,Fixed,Re-Opened';
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

const running: RunningSimulator[] = [];
async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ now: NOW, ...options });
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Seconds-precision ISO date as Qualys wants it. */
function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

describe('personas', () => {
  test('bad credentials: fo 401 code 2000, QPS INVALID_CREDENTIALS under HTTP 200', async () => {
    const sim = await simulator();
    const fo = await callFo(sim, HOSTS, { action: 'list' }, { user: ['demo', 'wrong'] });
    expect(fo.status).toBe(401);
    expect(text(fo.body, 'CODE')).toBe('2000');
    expect(text(fo.body, 'TEXT')).toBe('Bad Login/Password');
    expect(fo.headers.get('x-ratelimit-limit')).toBeNull();

    const qps = await callQps(sim, PORTAL, undefined, ['nobody', 'x']);
    expect(qps.status).toBe(200);
    expect(text(qps.body, 'responseCode')).toBe('INVALID_CREDENTIALS');
    expect(text(qps.body, 'errorMessage')).toBeTruthy();
  });

  test('trial without API access is refused on both APIs', async () => {
    const sim = await simulator();
    const fo = await callFo(sim, HOSTS, { action: 'list' }, { user: ['trial', 'trial-password'] });
    expect(fo.status).toBe(403);
    expect(text(fo.body, 'CODE')).toBe('2002');
    expect(text(fo.body, 'TEXT')).toMatch(/API access is not enabled/);
    const qps = await callQps(sim, PORTAL, undefined, ['trial', 'trial-password']);
    expect(text(qps.body, 'responseCode')).toBe('UNAUTHORIZED');
    expect(text(qps.body, 'errorMessage')).toMatch(/API access is not enabled/);
  });

  test('reader lists hosts but is refused detections with 403 code 2012', async () => {
    const sim = await simulator();
    const reader: [string, string] = ['reader', 'reader-password'];
    expect((await callFo(sim, HOSTS, { action: 'list', details: 'None' }, { user: reader })).status).toBe(200);
    const detections = await callFo(sim, DETECTIONS, { action: 'list' }, { user: reader });
    expect(detections.status).toBe(403);
    expect(text(detections.body, 'CODE')).toBe('2012');
    expect(text(detections.body, 'TEXT')).toMatch(/insufficient privileges/);
  });

  test('no-was: portal lists no WAS-VERSION and WAS searches are UNAUTHORIZED', async () => {
    const sim = await simulator();
    const user: [string, string] = ['nowas', 'nowas-password'];
    const portal = await callQps(sim, PORTAL, undefined, user);
    expect(text(portal.body, 'responseCode')).toBe('SUCCESS');
    expect(portal.body).toContain('<QWEB__VM-VERSION>');
    expect(portal.body).not.toContain('WAS-VERSION');
    expect((await callQps(sim, PORTAL)).body).toContain('<WAS-VERSION>');
    const apps = await callQps(sim, WEB_APPS, {}, user);
    expect(apps.status).toBe(200);
    expect(text(apps.body, 'responseCode')).toBe('UNAUTHORIZED');
    expect(text(apps.body, 'errorMessage')).toBe('Not authorized to access this module.');
  });

  test('expired: fo answers code 2001 with HTTP 200, QPS EVALUATION_EXPIRED', async () => {
    const sim = await simulator();
    const user: [string, string] = ['expired', 'expired-password'];
    const fo = await callFo(sim, HOSTS, { action: 'list' }, { user });
    expect(fo.status).toBe(200);
    expect(text(fo.body, 'CODE')).toBe('2001');
    expect(text(fo.body, 'TEXT')).toMatch(/expired/);
    expect(text((await callQps(sim, PORTAL, undefined, user)).body, 'responseCode')).toBe('EVALUATION_EXPIRED');
  });

  test('a VM API call without X-Requested-With is a 400, and passwords are never recorded', async () => {
    const sim = await simulator();
    const answer = await callFo(sim, HOSTS, { action: 'list' }, { requestedWith: null });
    expect(answer.status).toBe(400);
    expect(text(answer.body, 'TEXT')).toMatch(/X-Requested-With/);
    expect(sim.requests[0]).toMatchObject({ seq: 1, method: 'POST', path: HOSTS, status: 400, username: 'demo' });
    expect(JSON.stringify(sim.requests)).not.toMatch(/demo-password|Basic /);
  });
});

describe('host list', () => {
  test('follows WARNING/URL pages by id_min until every id is listed once', async () => {
    const sim = await simulator({ hosts: 60 });
    const seen: string[] = [];
    let page = await callFo(sim, HOSTS, { action: 'list', details: 'None', truncation_limit: '25' }, { method: 'GET' });
    let pages = 1;
    for (;;) {
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/^<\?xml[\s\S]*<!DOCTYPE HOST_LIST_OUTPUT[\s\S]*<ID_SET>/);
      seen.push(...texts(page.body, 'ID'));
      const next = text(page.body, 'URL');
      if (!next) break;
      expect(text(page.body, 'CODE')).toBe('1980');
      expect(next).toMatch(new RegExp(`^${sim.url}${HOSTS}\\?action=list&details=None&truncation_limit=25&id_min=\\d+$`));
      page = await getUrl(next);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(sim.subscription.hostIds().map(String));
    expect(page.headers.get('x-ratelimit-remaining')).toBe('297');
  });

  test('truncation_limit=0 lists every id at once; an empty answer holds only DATETIME', async () => {
    const sim = await simulator({ hosts: 1500 });
    const all = await callFo(sim, HOSTS, { action: 'list', details: 'None', truncation_limit: '0' });
    expect(texts(all.body, 'ID')).toHaveLength(1500);
    expect(all.body).not.toContain('<WARNING>');

    const none = await callFo(sim, HOSTS, { action: 'list', details: 'None', vm_processed_after: iso(NOW + 86_400_000) });
    expect(none.body).toMatch(/<RESPONSE>\s*<DATETIME>[^<]+<\/DATETIME>\s*<\/RESPONSE>/);
  });

  test('vm_processed_after keeps recent hosts; milliseconds or offsets are refused with 1905', async () => {
    const sim = await simulator({ hosts: 200 });
    const since = NOW - 7 * 86_400_000;
    const answer = await callFo(sim, HOSTS, { action: 'list', details: 'None', truncation_limit: '0', vm_processed_after: iso(since) });
    const expected = sim.subscription
      .hostIds()
      .filter((id) => (sim.subscription.host(id)?.processedAt ?? 0) >= since)
      .map(String);
    expect(texts(answer.body, 'ID')).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(200);

    for (const bad of ['2026-11-23T12:00:00.000Z', '2026-11-23T12:00:00+00:00']) {
      const refused = await callFo(sim, HOSTS, { action: 'list', vm_processed_after: bad });
      expect(refused.status).toBe(400);
      expect(text(refused.body, 'CODE')).toBe('1905');
    }
  });
});

describe('host detections', () => {
  test('leaves Fixed out by default and includes it when asked', async () => {
    const sim = await simulator({ hosts: 30 });
    const ids = sim.subscription.hostIds().join(',');
    const base = { action: 'list', ids, truncation_limit: '1000', show_igs: '1' };
    const byDefault = await callFo(sim, DETECTIONS, base);
    const all = await callFo(sim, DETECTIONS, { ...base, status: ALL_STATUSES });
    expect(texts(byDefault.body, 'STATUS')).not.toContain('Fixed');
    expect(texts(all.body, 'STATUS')).toContain('Fixed');

    const expected = sim.subscription.hostIds().flatMap((id) => sim.subscription.detectionsOf(id));
    expect(texts(all.body, 'QID')).toEqual(expected.map((d) => String(d.qid)));
    expect(blocks(all.body, 'DETECTION')).toHaveLength(expected.length);
  });

  test('filters by severities, qids and show_igs; RESULTS and TAGS only when asked', async () => {
    const sim = await simulator({ hosts: 40 });
    const ids = sim.subscription.hostIds().join(',');
    const plain = await callFo(sim, DETECTIONS, { action: 'list', ids, status: ALL_STATUSES, severities: '4-5' });
    expect(new Set(texts(plain.body, 'SEVERITY'))).toEqual(new Set(['4', '5']));
    expect(texts(plain.body, 'TYPE')).not.toContain('Info');
    expect(plain.body).not.toContain('<RESULTS>');
    expect(plain.body).not.toContain('<TAGS>');

    const qid = sim.subscription.detectionsOf(sim.subscription.hostIdAt(0))[0].qid;
    const one = await callFo(sim, DETECTIONS, {
      action: 'list', ids, status: ALL_STATUSES, qids: String(qid), show_results: '1', show_tags: '1', show_igs: '1',
    });
    expect(new Set(texts(one.body, 'QID'))).toEqual(new Set([String(qid)]));
    expect(one.body).toContain('<RESULTS><![CDATA[');
    expect(one.body).toMatch(/<TAGS>\s*<TAG>\s*<TAG_ID>\d+<\/TAG_ID>/);
  });

  test('truncation counts hosts and the WARNING URL resumes where the page stopped', async () => {
    const sim = await simulator({ hosts: 50, maxTruncationLimit: 20 });
    const ids = sim.subscription.hostIds();
    const first = await callFo(sim, DETECTIONS, {
      action: 'list', ids: ids.join(','), truncation_limit: '1000', status: ALL_STATUSES, show_igs: '1',
    });
    const hostIds = (xml: string): string[] => blocks(xml, 'HOST').map((h) => text(h, 'ID') ?? '');
    expect(hostIds(first.body)).toEqual(ids.slice(0, 20).map(String));
    const next = text(first.body, 'URL') ?? '';
    expect(next).toContain(`id_min=${ids[20]}`);
    expect(next).toContain(`ids=${ids.join(',')}`);

    const second = await getUrl(next);
    expect(hostIds(second.body)).toEqual(ids.slice(20, 40).map(String));
    const third = await getUrl(text(second.body, 'URL') ?? '');
    expect(hostIds(third.body)).toEqual(ids.slice(40).map(String));
    expect(third.body).not.toContain('<WARNING>');
    expect(sim.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  test('markFixed and addDetection show up in later update windows only', async () => {
    const sim = await simulator({ hosts: 20 });
    const sub = sim.subscription;
    const hostId = sub.hostIdAt(3);
    const open = sub.detectionsOf(hostId).find((d) => d.status !== 'Fixed' && d.type !== 'Info');
    if (!open) throw new Error('host 3 should have an open detection');
    const changedAt = NOW + 3_600_000;
    sub.markFixed(hostId, open.qid, changedAt);
    const added = sub.addDetection(hostId, { qid: sub.knowledgeBase.hostQids[0], severity: 5 }, changedAt);

    const window = { action: 'list', status: ALL_STATUSES, detection_updated_since: iso(changedAt - 60_000) };
    const answer = await callFo(sim, DETECTIONS, window);
    expect(blocks(answer.body, 'HOST')).toHaveLength(1);
    expect(text(answer.body, 'ID')).toBe(String(hostId));
    const found = blocks(answer.body, 'DETECTION').map((d) => [text(d, 'QID'), text(d, 'STATUS')]);
    expect(found).toEqual(
      expect.arrayContaining([
        [String(open.qid), 'Fixed'],
        [String(added.qid), 'New'],
      ]),
    );
    expect(answer.body).toContain(`<LAST_FIXED_DATETIME>${iso(changedAt)}</LAST_FIXED_DATETIME>`);

    const hosts = await callFo(sim, HOSTS, { action: 'list', details: 'None', vm_processed_after: iso(changedAt - 60_000) });
    expect(texts(hosts.body, 'ID')).toEqual([String(hostId)]);
  });

  test('tag filters select hosts by tag name', async () => {
    const sim = await simulator({ hosts: 60 });
    const answer = await callFo(sim, DETECTIONS, {
      action: 'list', status: ALL_STATUSES, show_tags: '1', use_tags: '1', tag_set_by: 'name', tag_set_include: 'Windows Servers',
    });
    const hosts = blocks(answer.body, 'HOST');
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(texts(host, 'NAME')).toContain('Windows Servers');
  });

  test('unknown ids give an empty RESPONSE; malformed ids a 400 with code 1905', async () => {
    const sim = await simulator();
    const unknown = await callFo(sim, DETECTIONS, { action: 'list', ids: '12345' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).not.toContain('<HOST_LIST>');
    const bad = await callFo(sim, DETECTIONS, { action: 'list', ids: 'abc123' });
    expect(bad.status).toBe(400);
    expect(text(bad.body, 'CODE')).toBe('1905');
  });
});

describe('QPS searches and knowledge base', () => {
  test('host assets: IN filter, offset paging with hasMoreRecords/lastId, some hosts without a record', async () => {
    const sim = await simulator({ hosts: 120 });
    const ids = sim.subscription.hostIds();
    const expected = ids.filter((id) => sim.subscription.host(id)?.hasAssetRecord);
    expect(expected.length).toBeLessThan(ids.length);

    const got: string[] = [];
    for (let offset = 1; ; offset += 50) {
      const page = await callQps(sim, ASSETS, {
        criteria: [['qwebHostId', 'IN', ids.join(',')]],
        preferences: { limitResults: 50, startFromOffset: offset },
      });
      expect(page.headers.get('x-ratelimit-limit')).toBeNull();
      const assets = blocks(page.body, 'HostAsset');
      got.push(...assets.map((a) => text(a, 'qwebHostId') ?? ''));
      const more = text(page.body, 'hasMoreRecords') === 'true';
      expect(text(page.body, 'lastId')).toBe(more ? text(assets[assets.length - 1], 'id') : undefined);
      if (!more) break;
    }
    expect(got).toEqual(expected.map(String));

    const all = (await callQps(sim, ASSETS, { criteria: [['qwebHostId', 'IN', ids.join(',')]], preferences: { limitResults: 1000 } })).body;
    expect(all).toContain('<accountId>012345678901</accountId>');
    const gcpIds = texts(all, 'GcpAssetSourceSimple').map((g) => text(g, 'instanceId') ?? '');
    expect(gcpIds.length).toBeGreaterThan(0);
    expect(gcpIds.every((id) => /^\d{19}$/.test(id) && BigInt(id) > 2n ** 53n)).toBe(true);
    expect(all).toContain('<AzureAssetSourceSimple>');
    expect(all).toContain('<EC2Tags>');
  });

  test('web apps page by offset; a bad isScanned value is INVALID_REQUEST', async () => {
    const sim = await simulator({ webApps: 8 });
    const names: string[] = [];
    for (let offset = 1; offset < 20; offset++) {
      const page = await callQps(sim, WEB_APPS, {
        criteria: [['isScanned', 'EQUALS', 'true']],
        preferences: { limitResults: 3, startFromOffset: (offset - 1) * 3 + 1 },
      });
      names.push(...texts(page.body, 'WebApp').map((w) => text(w, 'id') ?? ''));
      if (text(page.body, 'hasMoreRecords') !== 'true') break;
    }
    const scanned = sim.subscription.webApps().filter((a) => a.isScanned);
    expect(names).toEqual(scanned.map((a) => String(a.id)));
    expect(scanned).toHaveLength(7);

    const invalid = await callQps(sim, WEB_APPS, { criteria: [['isScanned', 'EQUALS', 'undefined']] });
    expect(text(invalid.body, 'responseCode')).toBe('INVALID_REQUEST');
  });

  test('findings filter by webApp.id IN and lastDetectedDate GREATER, with or without the trailing slash', async () => {
    const sim = await simulator({ webApps: 4, findingsPerWebApp: 6 });
    const [a, b] = sim.subscription.webApps();
    const since = NOW - 30 * 86_400_000;
    const expected = sim.subscription
      .findings()
      .filter((f) => (f.webApp.id === a.id || f.webApp.id === b.id) && f.lastDetectedAt > since);
    for (const path of [FINDINGS, FINDINGS.slice(0, -1)]) {
      const page = await callQps(sim, path, {
        criteria: [['webApp.id', 'IN', `${a.id},${b.id}`], ['lastDetectedDate', 'GREATER', iso(since)]],
        preferences: { limitResults: 250 },
      });
      expect(texts(page.body, 'uniqueId')).toEqual(expected.map((f) => f.uniqueId));
    }
  });

  test('knowledge base leaves unknown and retired QIDs out and carries a keep-alive comment', async () => {
    const sim = await simulator();
    const kb = sim.subscription.knowledgeBase;
    const asked = [kb.hostQids[0], kb.hostQids[1], kb.retiredQid, 999999999];
    const answer = await callFo(sim, KB, { action: 'list', ids: asked.join(',') });
    expect(answer.body).toContain('<!-- keep-alive for KNOWLEDGE_BASE_VULN_LIST_OUTPUT -->');
    expect(texts(answer.body, 'QID')).toEqual(
      [kb.hostQids[0], kb.hostQids[1]].filter((q) => q !== kb.retiredQid).map(String),
    );
    const everything = await callFo(sim, KB, { action: 'list' });
    const vulns = blocks(everything.body, 'VULN');
    expect(vulns.length).toBe(kb.entries.length - 1);
    expect(vulns.some((v) => texts(v, 'CVE').length > 1)).toBe(true);
    expect(vulns.some((v) => v.includes('<CVSS_V3>'))).toBe(true);
  });
});

describe('VM API limits', () => {
  test('a call beyond the concurrency limit gets 409 code 1960 until a slot frees', async () => {
    const sim = await simulator({ hosts: 3000, detectionsPerHost: 20, maxTruncationLimit: 3000, limits: { concurrency: 1 } });
    // A big answer nobody reads keeps its call running: backpressure holds it.
    const held = request(`${sim.url}${DETECTIONS}?action=list&truncation_limit=0&status=${ALL_STATUSES}`, {
      headers: { authorization: basicAuth('demo', 'demo-password'), 'x-requested-with': 'test' },
    });
    const response = await new Promise<import('node:http').IncomingMessage>((resolve) => {
      held.on('response', resolve);
      held.end();
    });
    response.pause();
    expect(response.headers['x-concurrency-limit-running']).toBe('1');

    const refused = await callFo(sim, DETECTIONS, { action: 'list', ids: String(sim.subscription.hostIdAt(0)) });
    expect(refused.status).toBe(409);
    expect(text(refused.body, 'CODE')).toBe('1960');
    expect(text(refused.body, 'KEY')).toBe('CALLS_TO_FINISH');
    expect(refused.headers.get('x-concurrency-limit-running')).toBe('1');
    expect((await callFo(sim, HOSTS, { action: 'list' })).status).toBe(200);

    response.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await callFo(sim, DETECTIONS, { action: 'list', ids: String(sim.subscription.hostIdAt(0)) })).status).toBe(200);
  });

  test('a spent rate budget gets 409 code 1965 with the wait in body and header; QPS is unlimited', async () => {
    const sim = await simulator({ limits: { ratePerWindow: 2, windowSeconds: 600 } });
    const first = await callFo(sim, HOSTS, { action: 'list', details: 'None' });
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-window-sec')).toBe('600');
    await callFo(sim, HOSTS, { action: 'list', details: 'None' });
    const refused = await callFo(sim, HOSTS, { action: 'list', details: 'None' });
    expect(refused.status).toBe(409);
    expect(text(refused.body, 'CODE')).toBe('1965');
    const wait = Number(texts(refused.body, 'VALUE')[0]);
    expect(wait).toBeGreaterThan(590);
    expect(refused.headers.get('x-ratelimit-towait-sec')).toBe(String(wait));
    expect((await callFo(sim, DETECTIONS, { action: 'list' })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await callQps(sim, PORTAL)).status).toBe(200);
  });
});

describe('determinism', () => {
  const strip = (xml: string): string => xml.replace(/<DATETIME>[^<]*<\/DATETIME>/, '').replace(/127\.0\.0\.1:\d+/g, 'HOST');

  test('one seed gives byte-identical data; another seed different data', async () => {
    const fetchAll = async (seed: number): Promise<string[]> => {
      const sim = await simulator({ seed, hosts: 40 });
      const params = { action: 'list', status: ALL_STATUSES, show_igs: '1', show_results: '1', show_tags: '1' };
      return [
        strip((await callFo(sim, DETECTIONS, params)).body),
        strip((await callQps(sim, ASSETS, { preferences: { limitResults: 1000 } })).body),
        strip((await callFo(sim, KB, { action: 'list' })).body),
        strip((await callQps(sim, FINDINGS, {})).body),
      ];
    };
    const [a, b, c] = [await fetchAll(7), await fetchAll(7), await fetchAll(8)];
    expect(a).toEqual(b);
    for (let i = 0; i < a.length; i++) expect(c[i]).not.toEqual(a[i]);
  });
});
