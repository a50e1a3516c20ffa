import { DAY, MINUTE } from '../dates';
import { rngAt, Rng } from '../prng';
import { KnowledgeBase, HOST_QID_COUNT } from './knowledgeBase';
import {
  DetectionStatus,
  DetectionType,
  KnowledgeBaseEntry,
  SimulatedDetection,
  SimulatedHost,
} from './types';
import { LINUX_PACKAGES } from './words';

const SALT_DETECTIONS = 31;
const SALT_DETECTION = 32;

// Steps through the host QIDs that visit each one once: any step coprime
// with the count. A host's QIDs are then distinct without a set or a shuffle.
const QID_STEPS = coprimesOf(HOST_QID_COUNT);

/** How many detections host `index` has before any mutation. */
export function detectionCountOf(seed: number, index: number, perHost: number): number {
  if (perHost <= 0) return 0;
  const spread = Math.floor(perHost / 4);
  const rng = rngAt(seed, SALT_DETECTIONS, index);
  const count = perHost - spread + rng.int(2 * spread + 1);
  return Math.min(count, HOST_QID_COUNT);
}

/**
 * Generates the detections of one host, ordered as generated. The count varies
 * a little around `perHost` (by up to a quarter either way, so the mean stays
 * `perHost`), QIDs are distinct per host, and dates follow the host's scan.
 */
export function generateDetections(
  seed: number,
  host: SimulatedHost,
  kb: KnowledgeBase,
  perHost: number,
): SimulatedDetection[] {
  const count = detectionCountOf(seed, host.index, perHost);
  if (count === 0) return [];
  const pick = rngAt(seed, SALT_DETECTIONS, host.index, 1);
  const start = pick.int(HOST_QID_COUNT);
  const step = pick.pick(QID_STEPS);
  const out: SimulatedDetection[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const qid = kb.hostQids[(start + k * step) % HOST_QID_COUNT];
    const entry = kb.entry(qid) as KnowledgeBaseEntry;
    out[k] = detection(rngAt(seed, SALT_DETECTION, host.index, k), host, entry);
  }
  return out;
}

function detection(rng: Rng, host: SimulatedHost, entry: KnowledgeBaseEntry): SimulatedDetection {
  const status = rng.weighted<DetectionStatus>(STATUS_WEIGHTS);
  const type = detectionType(rng, entry);
  const scanAt = host.vmScannedAt;
  const processedAt = host.processedAt;
  const age = rng.between(1, 400) * DAY + rng.int(DAY);

  // One object literal with every field, whatever the status: one shape for
  // a million objects is markedly cheaper than spreads.
  let firstFoundAt = scanAt - age;
  let lastFoundAt = scanAt;
  let timesFound: number;
  let lastUpdateAt = processedAt;
  let lastFixedAt: number | undefined;
  switch (status) {
    case 'New':
      firstFoundAt = scanAt;
      timesFound = 1;
      break;
    case 'Active':
      timesFound = rng.between(2, 150);
      // Most active detections were touched by the latest processing; a few
      // have not changed since they were first reported.
      if (rng.chance(0.15)) lastUpdateAt = firstFoundAt + rng.between(2, 30) * MINUTE;
      break;
    case 'Fixed':
      firstFoundAt -= 10 * DAY;
      lastFixedAt = scanAt - rng.int(Math.floor((age + 10 * DAY) / DAY)) * DAY;
      lastFoundAt = Math.max(firstFoundAt, lastFixedAt - rng.between(1, 10) * DAY);
      timesFound = rng.between(1, 80);
      lastUpdateAt = Math.min(processedAt, lastFixedAt + rng.between(2, 30) * MINUTE);
      break;
    default:
      firstFoundAt -= 20 * DAY;
      timesFound = rng.between(3, 120);
      lastFixedAt = scanAt - rng.between(2, 15) * DAY;
  }
  return {
    qid: entry.qid,
    type,
    severity: entry.severityLevel,
    port: entry.port,
    protocol: entry.protocol,
    ssl: entry.ssl,
    status,
    results: resultsText(rng, host, entry),
    firstFoundAt,
    lastFoundAt,
    timesFound,
    lastTestAt: scanAt,
    lastUpdateAt,
    lastFixedAt,
    lastProcessedAt: processedAt,
  };
}

const STATUS_WEIGHTS: readonly (readonly [DetectionStatus, number])[] = [
  ['New', 15],
  ['Active', 60],
  ['Fixed', 15],
  ['Re-Opened', 10],
];

function detectionType(rng: Rng, entry: KnowledgeBaseEntry): DetectionType {
  switch (entry.vulnType) {
    case 'Information Gathered':
      return 'Info';
    case 'Potential Vulnerability':
      return 'Potential';
    case 'Vulnerability':
      return 'Confirmed';
    default:
      return rng.chance(0.5) ? 'Confirmed' : 'Potential';
  }
}

/**
 * Scanner evidence. Mostly plain; now and then it holds characters a client
 * must not double-decode (`&apos;` inside CDATA stays literal), a tab, and
 * rarely a literal `]]>` that forces the CDATA section to split.
 */
function resultsText(rng: Rng, host: SimulatedHost, entry: KnowledgeBaseEntry): string {
  let text: string;
  switch (entry.category) {
    case 'Local': {
      const pkg = rng.pick(LINUX_PACKAGES);
      const installed = `1.${rng.int(9)}.${rng.int(30)}`;
      const required = `1.${rng.int(9)}.${30 + rng.int(30)}`;
      text = `Package\tInstalled Version\tRequired Version\n${pkg}\t${installed}\t${required}`;
      break;
    }
    case 'Windows':
      text =
        `KB${4_000_000 + rng.int(1_000_000)} is not installed\n` +
        `%windir%\\System32\\ntoskrnl.exe  Version is  10.0.${17000 + rng.int(3000)}.${rng.int(6000)}`;
      break;
    case 'Information gathering':
    case 'TCP/IP':
      text = `${host.dns}\nOpen ports: 22/tcp 443/tcp ${1024 + rng.int(40000)}/tcp`;
      break;
    default:
      text =
        `Banner on ${entry.protocol ?? 'tcp'}/${entry.port ?? 0}: <title>Welcome</title> ` +
        "server doesn&apos;t send the expected headers & cookies";
  }
  if (rng.chance(0.02)) text += '\nraw probe answer: ]]> end of probe';
  return text;
}

function coprimesOf(n: number): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const out: number[] = [];
  for (let k = 1; k < n; k++) if (gcd(k, n) === 1) out.push(k);
  return out;
}
