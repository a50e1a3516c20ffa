import { DAY, MINUTE, SECOND } from '../dates';
import { hash32, rngAt } from '../prng';
import { KnowledgeBase, isInfo } from './knowledgeBase';
import { SimulatedFinding, SimulatedWebApp, WebFindingStatus } from './types';
import { WEB_APP_PATHS } from './words';

const SALT_WEB_APP = 41;
const SALT_FINDING = 42;
const SALT_FINDING_ID = 43;

const WEB_APP_NAMES = [
  'Customer Portal',
  'https://shop.example.com/',
  'Internal Wiki',
  'Partner API «v2»',
  'Payments & Billing',
  'Marketing Site',
  'Legacy Intranet',
];

/**
 * Web applications and their WAS findings. There are few of them, so they
 * are generated once and kept; ids ascend in generation order. Every seventh
 * app (index 6, 13, ...) has never been scanned and has no findings.
 */
export function generateWebApps(
  seed: number,
  count: number,
  findingsPerApp: number,
  kb: KnowledgeBase,
  now: number,
): { webApps: SimulatedWebApp[]; findings: SimulatedFinding[] } {
  const webApps: SimulatedWebApp[] = [];
  const findings: SimulatedFinding[] = [];
  let serial = 0;
  for (let i = 0; i < count; i++) {
    const rng = rngAt(seed, SALT_WEB_APP, i);
    const isScanned = i % 7 !== 6;
    const createdAt = now - rng.between(40, 700) * DAY;
    const lastScanAt = isScanned ? now - rng.between(3600, 20 * 86400) * SECOND : undefined;
    const name = i < WEB_APP_NAMES.length ? WEB_APP_NAMES[i] : `Web Application ${i + 1}`;
    const app: SimulatedWebApp = {
      id: 238_000_000 + i * 17 + (hash32(seed, SALT_WEB_APP, i) % 17),
      name,
      url: `https://app${i + 1}.example.com/`,
      ownerId: 17_700_000 + rng.int(100),
      createdAt,
      updatedAt: Math.max(createdAt, (lastScanAt ?? createdAt) + rng.between(1, 30) * MINUTE),
      isScanned,
      lastScanAt,
      tagCount: rng.int(3),
    };
    webApps.push(app);
    if (lastScanAt === undefined) continue;
    for (let k = 0; k < findingsPerApp; k++) {
      findings.push(finding(seed, serial++, app, lastScanAt, k, kb));
    }
  }
  return { webApps, findings };
}

function finding(
  seed: number,
  serial: number,
  app: SimulatedWebApp,
  lastScanAt: number,
  k: number,
  kb: KnowledgeBase,
): SimulatedFinding {
  const rng = rngAt(seed, SALT_FINDING, serial);
  const qids = kb.webAppQids;
  const qid = qids[(hash32(seed, SALT_FINDING, app.id) + k * 7) % qids.length];
  const entry = kb.entry(qid);
  const info = entry ? isInfo(entry.vulnType) : false;
  const firstDetectedAt = lastScanAt - rng.between(0, 120) * DAY;
  const base: SimulatedFinding = {
    id: 6_800_000 + serial * 3 + (hash32(seed, SALT_FINDING_ID, serial) % 3),
    uniqueId: rng.uuid(),
    qid,
    name: entry?.title ?? `QID ${qid}`,
    type: info ? 'INFORMATION_GATHERED' : 'VULNERABILITY',
    potential: entry?.vulnType === 'Potential Vulnerability',
    severity: entry?.severityLevel ?? 3,
    url: `${app.url.replace(/\/$/, '')}${rng.pick(WEB_APP_PATHS)}`,
    firstDetectedAt,
    lastDetectedAt: lastScanAt,
    lastTestedAt: lastScanAt,
    webApp: { id: app.id, name: app.name, url: app.url },
  };
  if (info) return base;

  const status = rng.weighted<WebFindingStatus>([
    ['NEW', 25],
    ['ACTIVE', 45],
    ['REOPENED', 10],
    ['FIXED', 20],
  ]);
  return {
    ...base,
    param: rng.chance(0.4) ? rng.pick(['q', 'username', 'redirect', 'id']) : undefined,
    status,
    timesDetected: status === 'NEW' ? 1 : rng.between(2, 40),
    isIgnored: rng.chance(0.05),
    firstDetectedAt: status === 'NEW' ? lastScanAt : firstDetectedAt,
    lastDetectedAt: status === 'FIXED' ? Math.max(firstDetectedAt, lastScanAt - rng.between(1, 10) * DAY) : lastScanAt,
  };
}
