import { Exchange } from '../http/exchange';
import { SimulatedSubscription } from '../model/subscription';
import { SimulatedHost } from '../model/types';
import { hostAssetXml } from '../xml/hostAssetXml';
import { FieldSpec } from './qpsCriteria';
import { answerQpsSearch } from './qpsPage';

const XSD = '/qps/xsd/2.0/am/hostasset.xsd';

const FIELDS: Record<string, FieldSpec<SimulatedHost>> = {
  id: { kind: 'number', get: (h) => h.assetId },
  qwebHostId: { kind: 'number', get: (h) => h.id },
  name: { kind: 'text', get: (h) => h.hostname },
  address: { kind: 'text', get: (h) => h.ip },
  dnsHostName: { kind: 'text', get: (h) => h.dns },
  trackingMethod: { kind: 'text', get: (h) => h.assetTrackingMethod },
  lastVulnScan: { kind: 'date', get: (h) => h.lastScanAt },
  updated: { kind: 'date', get: (h) => h.processedAt },
  tagName: { kind: 'text', get: (h) => h.tags.map((t) => t.name).join('\n') },
};

/**
 * `POST /qps/rest/2.0/search/am/hostasset`: host assets, ascending by asset
 * id. A `qwebHostId` EQUALS/IN filter narrows the hosts looked at up front,
 * so a batch of 1000 ids costs 1000 hosts, not the whole subscription. Hosts
 * without an asset record are never returned.
 */
export async function hostAssets(ex: Exchange): Promise<void> {
  const sub = ex.subscription;
  await answerQpsSearch(ex, {
    xsdPath: XSD,
    fields: FIELDS,
    records: function* (matches): Generator<SimulatedHost> {
      for (const index of candidateIndexes(sub, ex)) {
        const host = sub.hostAt(index);
        if (host.hasAssetRecord && matches(host)) yield host;
      }
    },
    idOf: (h) => h.assetId,
    toXml: hostAssetXml,
    whenEmpty: 'omit-data',
  });
}

function candidateIndexes(sub: SimulatedSubscription, ex: Exchange): number[] | Generator<number> {
  const byHostId = ex.call.criteria.find(
    (c) => c.field === 'qwebHostId' && (c.operator === 'IN' || c.operator === 'EQUALS'),
  );
  if (!byHostId) return allIndexes(sub.hostCount);
  const indexes = new Set<number>();
  for (const text of byHostId.value.split(',')) {
    const index = sub.indexOf(Number(text.trim()));
    if (index !== undefined) indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b);
}

function* allIndexes(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}
