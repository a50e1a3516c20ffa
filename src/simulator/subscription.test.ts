import { SimulatedSubscription } from './model/subscription';

const NOW = Date.UTC(2026, 10, 30, 12);

function subscription(hosts: number, seed = 1, detectionsPerHost = 8): SimulatedSubscription {
  return new SimulatedSubscription({ seed, hosts, detectionsPerHost, webApps: 4, findingsPerWebApp: 6, now: NOW });
}

describe('SimulatedSubscription', () => {
  test('host ids ascend and map back to their index', () => {
    const sub = subscription(500);
    const ids = sub.hostIds();
    ids.forEach((id, index) => {
      expect(sub.indexOf(id)).toBe(index);
      if (index > 0) expect(id).toBeGreaterThan(ids[index - 1]);
    });
    expect(sub.indexOf(ids[499] + 1)).toBeUndefined();
    expect(sub.firstIndexAtOrAbove(ids[10] + 1)).toBe(11);
    expect(sub.lastIndexAtOrBelow(ids[10] - 1)).toBe(9);
  });

  test('a host is the same whether generated first or last, and differs by seed', () => {
    const big = subscription(50_000);
    const again = subscription(50_000);
    expect(again.hostAt(49_999)).toEqual(big.hostAt(49_999));
    expect(again.detectionsAt(again.hostAt(49_999))).toEqual(big.detectionsAt(big.hostAt(49_999)));
    expect(subscription(50_000, 2).hostAt(49_999)).not.toEqual(big.hostAt(49_999));
  });

  test('clouds come in the intended mix with the awkward values present', () => {
    const sub = subscription(2000);
    const hosts = Array.from({ length: 2000 }, (_, i) => sub.hostAt(i));
    const share = (provider: string): number => hosts.filter((h) => h.cloud.provider === provider).length / 2000;
    expect(share('aws')).toBeGreaterThan(0.25);
    expect(share('aws')).toBeLessThan(0.35);
    expect(share('azure')).toBeGreaterThan(0.11);
    expect(share('gcp')).toBeGreaterThan(0.11);
    expect(share('none')).toBeGreaterThan(0.35);
    const accounts = hosts.flatMap((h) => (h.cloud.provider === 'aws' ? [h.cloud.accountId] : []));
    expect(accounts.some((a) => a.startsWith('0'))).toBe(true);
    const gcpIds = hosts.flatMap((h) => (h.cloud.provider === 'gcp' ? [h.cloud.instanceId] : []));
    expect(gcpIds.every((id) => BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(hosts.some((h) => !h.hasAssetRecord)).toBe(true);
  });

  test('detections vary around the mean, with distinct QIDs per host, ascending', () => {
    const sub = subscription(1000, 1, 20);
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      const qids = sub.detectionsAt(sub.hostAt(i)).map((d) => d.qid);
      total += qids.length;
      expect(new Set(qids).size).toBe(qids.length);
      expect([...qids].sort((a, b) => a - b)).toEqual(qids);
      expect(qids.length).toBeGreaterThanOrEqual(15);
      expect(qids.length).toBeLessThanOrEqual(25);
    }
    expect(total / 1000).toBeGreaterThan(19.5);
    expect(total / 1000).toBeLessThan(20.5);
  });

  test('markFixed and addDetection change only what they touch', () => {
    const sub = subscription(10);
    const hostId = sub.hostIdAt(2);
    const before = sub.detectionsOf(hostId);
    const target = before.find((d) => d.status !== 'Fixed');
    if (!target) throw new Error('expected an open detection');
    const at = NOW + 1000 * 60 * 60;

    sub.markFixed(hostId, target.qid, at);
    const after = sub.detectionsOf(hostId);
    expect(after.find((d) => d.qid === target.qid)).toMatchObject({ status: 'Fixed', lastFixedAt: at, lastUpdateAt: at });
    expect(after.filter((d) => d.qid !== target.qid)).toEqual(before.filter((d) => d.qid !== target.qid));
    expect(sub.host(hostId)?.processedAt).toBe(at);
    expect(sub.hostAt(3)).toEqual(subscription(10).hostAt(3));

    const added = sub.addDetection(hostId, { qid: 424242, status: 'Active' }, at);
    expect(sub.detectionsOf(hostId)).toContainEqual(added);
    expect(() => sub.markFixed(hostId, 1, at)).toThrow(/no detection/);
    expect(() => sub.addDetection(1, { qid: 1 })).toThrow(/no host/);
  });

  test('the knowledge base has about 150 QIDs with varied CVE lists', () => {
    const kb = subscription(1).knowledgeBase;
    expect(kb.entries).toHaveLength(150);
    const cveCounts = new Set(kb.entries.map((e) => Math.min(e.cves.length, 2)));
    expect(cveCounts).toEqual(new Set([0, 1, 2]));
    expect(kb.published(kb.retiredQid)).toBeUndefined();
    expect(kb.entry(kb.retiredQid)).toBeDefined();
  });
});
