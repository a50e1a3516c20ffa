import { startSimulator } from './index';
import { basicAuth, callFo, callQps, text } from './testSupport';
import { FaultOptions, RunningSimulator } from './types';

const HOSTS = '/api/2.0/fo/asset/host/';
const DETECTIONS = '/api/2.0/fo/asset/host/vm/detection/';
const PORTAL = '/qps/rest/portal/version';
const WEB_APPS = '/qps/rest/3.0/search/was/webapp';

const running: RunningSimulator[] = [];
async function simulator(faults: FaultOptions, seed = 1): Promise<RunningSimulator> {
  const sim = await startSimulator({ seed, hosts: 30, faults, now: Date.UTC(2026, 10, 30) });
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const hostList = { action: 'list', details: 'None', truncation_limit: '0' };

describe('faults', () => {
  test('errorRate: a 503 HTML page, and the same request then succeeds', async () => {
    const sim = await simulator({ errorRate: 1 });
    const first = await callFo(sim, HOSTS, hostList);
    expect(first.status).toBe(503);
    expect(first.contentType).toMatch(/^text\/html/);
    expect(first.body).toContain('<html>');
    const retry = await callFo(sim, HOSTS, hostList);
    expect(retry.status).toBe(200);
    expect(retry.body).toContain('</HOST_LIST_OUTPUT>');
    // Only the very next attempt is spared; the one after may fail again.
    expect((await callFo(sim, HOSTS, hostList)).status).toBe(503);
  });

  test('truncateRate: the body stops mid-document, the retry is whole', async () => {
    const sim = await simulator({ truncateRate: 1 });
    const cut = await callFo(sim, DETECTIONS, { action: 'list' });
    expect(cut.status).toBe(200);
    expect(cut.contentType).toBe('application/xml');
    expect(cut.body).toMatch(/^<\?xml/);
    expect(cut.body).not.toContain('</HOST_LIST_VM_DETECTION_OUTPUT>');
    const whole = await callFo(sim, DETECTIONS, { action: 'list' });
    expect(whole.body.startsWith(cut.body)).toBe(true);
    expect(whole.body).toContain('</HOST_LIST_VM_DETECTION_OUTPUT>');
  });

  test('stallRate: part of the body, silence for stallMs, then a dropped connection', async () => {
    const sim = await simulator({ stallRate: 1, stallMs: 300 });
    const started = Date.now();
    const response = await fetch(`${sim.url}${HOSTS}?action=list`, {
      headers: { authorization: basicAuth('demo', 'demo-password'), 'x-requested-with': 'test' },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  test('htmlRate and wrongContentTypeRate answer 200 with a body that is not XML', async () => {
    const html = await simulator({ htmlRate: 1 });
    const page = await callQps(html, WEB_APPS, {});
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);

    const plain = await simulator({ wrongContentTypeRate: 1 });
    const garbage = await callFo(plain, HOSTS, hostList);
    expect(garbage.status).toBe(200);
    expect(garbage.contentType).toMatch(/^text\/plain/);
    expect(garbage.body).not.toMatch(/^<\?xml/);
  });

  test('conflictRate: 409 with code 1960 or 1965 and limit headers on the VM API only', async () => {
    const sim = await simulator({ conflictRate: 1 });
    const refused = await callFo(sim, HOSTS, hostList);
    expect(refused.status).toBe(409);
    expect(['1960', '1965']).toContain(text(refused.body, 'CODE'));
    expect(refused.headers.get('x-concurrency-limit-limit')).toBe('2');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('300');
    expect((await callFo(sim, HOSTS, hostList)).status).toBe(200);
    expect((await callQps(sim, WEB_APPS, {})).status).toBe(200);
  });

  test('the portal version is never faulted', async () => {
    const sim = await simulator({ errorRate: 0.5, htmlRate: 0.5 });
    for (let i = 0; i < 5; i++) {
      const portal = await callQps(sim, PORTAL);
      expect(text(portal.body, 'responseCode')).toBe('SUCCESS');
    }
  });

  test('faults follow the seed and the request, not timing', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      const sim = await simulator({ errorRate: 0.4 }, seed);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        out.push((await callFo(sim, HOSTS, { ...hostList, id_min: String(sim.subscription.hostIdAt(i)) })).status);
      }
      return out;
    };
    const [a, b] = [await statuses(3), await statuses(3)];
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });
});
