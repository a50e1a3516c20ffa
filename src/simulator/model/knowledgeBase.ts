import { DAY } from '../dates';
import { rngAt, Rng } from '../prng';
import { KnowledgeBaseEntry, VulnType } from './types';
import {
  INFO_TITLES,
  LINUX_DISTROS,
  LINUX_PACKAGES,
  PRODUCTS,
  WEAKNESSES,
  WEB_APP_CHECKS,
  WINDOWS_COMPONENTS,
} from './words';

const SALT_KB = 11;
const SALT_KB_RETIRED = 12;

/** Host QIDs in the universe; detections are drawn from these. */
export const HOST_QID_COUNT = 130;

interface Family {
  base: number;
  span: number;
  category: string;
  info: boolean;
  local: boolean;
  share: number;
}

// Shares add up to HOST_QID_COUNT. Ranges loosely follow where Qualys keeps
// each kind of check, so QIDs look familiar (38xxx remote services, 90xxx
// Windows, 370xxx Linux packages, 45xxx information gathered).
const HOST_FAMILIES: readonly Family[] = [
  { base: 38000, span: 900, category: 'General remote services', info: false, local: false, share: 25 },
  { base: 86000, span: 900, category: 'Web server', info: false, local: false, share: 15 },
  { base: 90000, span: 1000, category: 'Windows', info: false, local: true, share: 25 },
  { base: 370000, span: 9000, category: 'Local', info: false, local: true, share: 30 },
  { base: 105000, span: 900, category: 'Security Policy', info: false, local: true, share: 15 },
  { base: 45000, span: 500, category: 'Information gathering', info: true, local: false, share: 10 },
  { base: 82000, span: 100, category: 'TCP/IP', info: true, local: false, share: 10 },
];

const POLICIES = ['Password', 'Audit', 'Firewall', 'SMB Signing', 'TLS'];

const SERVICE_PORTS: readonly [number, string, boolean][] = [
  [22, 'tcp', false],
  [443, 'tcp', true],
  [80, 'tcp', false],
  [3389, 'tcp', true],
  [445, 'tcp', false],
  [25, 'tcp', false],
  [53, 'udp', false],
  [8443, 'tcp', true],
];

/**
 * The knowledge base of a simulated subscription: about 150 QIDs, held in
 * memory (it is small), generated once from the seed. One host QID is
 * "retired": detections may report it, but the knowledge-base endpoint does
 * not know it, as happens with real Qualys.
 */
export class KnowledgeBase {
  /** Every entry, host QIDs first then WAS QIDs, each part ascending. */
  readonly entries: readonly KnowledgeBaseEntry[];
  /** QIDs detections are drawn from (ascending). */
  readonly hostQids: readonly number[];
  /** QIDs WAS findings are drawn from (ascending). */
  readonly webAppQids: readonly number[];
  /** The QID the knowledge-base endpoint leaves out. */
  readonly retiredQid: number;
  private readonly byQid = new Map<number, KnowledgeBaseEntry>();

  constructor(seed: number, now: number) {
    const used = new Set<number>();
    const hostEntries: KnowledgeBaseEntry[] = [];
    let serial = 0;
    for (const family of HOST_FAMILIES) {
      for (let i = 0; i < family.share; i++) {
        const rng = rngAt(seed, SALT_KB, serial++);
        const qid = uniqueQid(rng, family.base, family.span, used);
        hostEntries.push(hostEntry(rng, qid, family, now, serial));
      }
    }
    hostEntries.sort((a, b) => a.qid - b.qid);

    const webEntries = WEB_APP_CHECKS.map((check, i) => {
      const rng = rngAt(seed, SALT_KB, 10_000 + i);
      return webEntry(rng, uniqueQid(rng, 150000, 600, used), check.title, check.info, now);
    }).sort((a, b) => a.qid - b.qid);

    this.entries = [...hostEntries, ...webEntries];
    this.hostQids = hostEntries.map((e) => e.qid);
    this.webAppQids = webEntries.map((e) => e.qid);
    const candidates = hostEntries.filter((e) => !isInfo(e.vulnType));
    this.retiredQid = rngAt(seed, SALT_KB_RETIRED).pick(candidates).qid;
    for (const entry of this.entries) this.byQid.set(entry.qid, entry);
  }

  /** Any entry, the retired one included (detections need its facts). */
  entry(qid: number): KnowledgeBaseEntry | undefined {
    return this.byQid.get(qid);
  }

  /** What the knowledge-base endpoint answers for a QID. */
  published(qid: number): KnowledgeBaseEntry | undefined {
    return qid === this.retiredQid ? undefined : this.byQid.get(qid);
  }
}

/** Information-gathered checks report facts, not weaknesses. */
export function isInfo(vulnType: VulnType): boolean {
  return vulnType === 'Information Gathered';
}

function uniqueQid(rng: Rng, base: number, span: number, used: Set<number>): number {
  for (;;) {
    const qid = base + 1 + rng.int(span);
    if (!used.has(qid)) {
      used.add(qid);
      return qid;
    }
  }
}

function hostEntry(
  rng: Rng,
  qid: number,
  family: Family,
  now: number,
  serial: number,
): KnowledgeBaseEntry {
  const vulnType: VulnType = family.info
    ? 'Information Gathered'
    : rng.weighted<VulnType>([
        ['Vulnerability', 6],
        ['Potential Vulnerability', 2],
        ['Vulnerability or Potential Vulnerability', 2],
      ]);
  const severityLevel = family.info
    ? rng.weighted([[1, 3], [2, 1]])
    : rng.weighted([[1, 1], [2, 2], [3, 3.5], [4, 2.5], [5, 1]]);
  const product = rng.pick(PRODUCTS);
  const title = hostTitle(rng, family, product, serial);
  const service = family.local ? undefined : rng.pick(SERVICE_PORTS);
  const publishedAt = now - rng.between(30, 3000) * DAY - rng.int(DAY);
  return {
    qid,
    vulnType,
    severityLevel,
    title,
    category: family.category,
    publishedAt,
    lastModifiedAt: Math.min(now - DAY, publishedAt + rng.between(1, 400) * DAY),
    patchable: !family.info && rng.chance(0.75),
    vendor: family.category === 'Windows' ? 'microsoft' : product.toLowerCase().split(' ')[0],
    product: product.toLowerCase().replace(/ /g, '_'),
    cves: family.info ? [] : cveList(rng),
    cvssBase: !family.info && rng.chance(0.7) ? score(severityLevel, rng) : undefined,
    cvssV3Base: !family.info && rng.chance(0.6) ? score(severityLevel, rng) : undefined,
    diagnosis:
      `<P>${title} was detected on the host.<BR>` +
      'The check compares the version the service reports with the fixed release.</P>',
    consequence: family.info
      ? 'Not applicable.'
      : '<P>Successful exploitation could let an attacker affect the <B>confidentiality</B>, ' +
        'integrity or availability of the host.</P>',
    solution: family.info
      ? 'Not applicable.'
      : '<P>Apply the vendor update. See ' +
        `<A HREF="https://vendor.example.com/advisories/${qid}" TARGET="_blank">advisory ${qid}</A> ` +
        'for details &amp; workarounds.</P>',
    pciFlag: severityLevel >= 4,
    remote: !family.local,
    port: service?.[0],
    protocol: service?.[1],
    ssl: service?.[2] ?? false,
    webApplication: false,
  };
}

function hostTitle(rng: Rng, family: Family, product: string, serial: number): string {
  // One title carries markup characters and quotes, as real titles sometimes do.
  if (serial === 7) return `${product} "mod_proxy" <2.4.58 & Request Smuggling Vulnerability`;
  switch (family.category) {
    case 'Windows':
      return `Microsoft Windows ${rng.pick(WINDOWS_COMPONENTS)} ${rng.pick(WEAKNESSES)} (KB${rng.digits(7)})`;
    case 'Local':
      return (
        `${rng.pick(LINUX_DISTROS)} Security Update for ${rng.pick(LINUX_PACKAGES)} ` +
        `(${rng.pick(['USN', 'RHSA', 'DSA', 'ALAS'])}-${2019 + rng.int(6)}-${rng.digits(4)})`
      );
    case 'Security Policy':
      return `${rng.pick(POLICIES)} Policy Not Compliant: ${rng.pick(WEAKNESSES)}`;
    case 'Information gathering':
    case 'TCP/IP':
      return `${rng.pick(INFO_TITLES)}${rng.chance(0.3) ? ` (${family.category})` : ''}`;
    default:
      return `${product} ${rng.pick(WEAKNESSES)}`;
  }
}

function webEntry(
  rng: Rng,
  qid: number,
  title: string,
  info: boolean,
  now: number,
): KnowledgeBaseEntry {
  const severityLevel = info ? rng.between(1, 2) : rng.between(2, 5);
  const publishedAt = now - rng.between(100, 2500) * DAY;
  return {
    qid,
    vulnType: info ? 'Information Gathered' : rng.pick(['Vulnerability', 'Potential Vulnerability'] as const),
    severityLevel,
    title,
    category: info ? 'Information gathering' : 'Web Application',
    publishedAt,
    lastModifiedAt: publishedAt + rng.between(1, 90) * DAY,
    patchable: false,
    vendor: 'multi-vendor',
    product: 'web_application',
    cves: [],
    cvssBase: info ? undefined : score(severityLevel, rng),
    cvssV3Base: info ? undefined : score(severityLevel, rng),
    diagnosis: `<P>The scanner found evidence of ${title.toLowerCase()} in the application.</P>`,
    consequence: info
      ? 'Not applicable.'
      : '<P>An attacker could misuse this weakness against users of the application.</P>',
    solution: info
      ? 'Not applicable.'
      : '<P>Validate input and encode output; review the affected page.</P>',
    pciFlag: !info && severityLevel >= 4,
    remote: true,
    port: 443,
    protocol: 'tcp',
    ssl: true,
    webApplication: true,
  };
}

function cveList(rng: Rng): string[] {
  const count = rng.weighted([[0, 3], [1, 4], [2, 1.5], [3, 1], [4, 0.5]]);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`CVE-${2016 + rng.int(9)}-${rng.between(1000, 49999)}`);
  }
  return out;
}

function score(severity: number, rng: Rng): string {
  const base = Math.min(10, Math.max(0.1, severity * 2 - 1 + rng.next() * 1.9));
  return base.toFixed(1);
}
