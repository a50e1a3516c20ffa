import { HOUR, Instant, MINUTE, toEpochMs } from '../dates';
import { generateDetections } from './detections';
import {
  firstIndexAtOrAbove,
  generateHost,
  hostIdAt,
  indexOfHostId,
  lastIndexAtOrBelow,
} from './hosts';
import { KnowledgeBase } from './knowledgeBase';
import {
  DetectionStatus,
  DetectionType,
  KnowledgeBaseEntry,
  SimulatedDetection,
  SimulatedFinding,
  SimulatedHost,
  SimulatedTag,
  SimulatedWebApp,
} from './types';
import { generateWebApps } from './webApps';
import { QUALYS_TAGS } from './words';

/** What a subscription is generated from. */
export interface SubscriptionOptions {
  seed: number;
  hosts: number;
  detectionsPerHost: number;
  webApps: number;
  findingsPerWebApp: number;
  /** Anchor for every generated date (epoch ms). */
  now: number;
}

/** Fields a test may set on a detection it adds; the rest default sensibly. */
export interface NewDetection {
  qid: number;
  type?: DetectionType;
  severity?: number;
  port?: number;
  protocol?: string;
  ssl?: boolean;
  status?: DetectionStatus;
  results?: string;
  firstFoundAt?: Instant;
}

/** Changes made through the mutators, for one host. Kept small on purpose. */
interface HostOverride {
  processedAt: number;
  patches: Map<number, Partial<SimulatedDetection>>;
  added: SimulatedDetection[];
}

/**
 * The data behind a simulator: hosts with their detections, host assets,
 * the knowledge base, web apps and findings. Hosts and detections are
 * computed from (seed, host index) whenever asked for, so a subscription of
 * 50,000 hosts costs nothing until it is read; only mutations are stored.
 */
export class SimulatedSubscription {
  readonly seed: number;
  readonly hostCount: number;
  readonly detectionsPerHost: number;
  /** The instant generated dates are relative to (epoch ms). */
  readonly now: number;
  readonly knowledgeBase: KnowledgeBase;
  private readonly apps: SimulatedWebApp[];
  private readonly appFindings: SimulatedFinding[];
  private readonly overrides = new Map<number, HostOverride>();

  constructor(options: SubscriptionOptions) {
    this.seed = options.seed;
    this.hostCount = options.hosts;
    this.detectionsPerHost = options.detectionsPerHost;
    this.now = Math.floor(options.now / 1000) * 1000;
    this.knowledgeBase = new KnowledgeBase(options.seed, this.now);
    const web = generateWebApps(
      options.seed,
      options.webApps,
      options.findingsPerWebApp,
      this.knowledgeBase,
      this.now,
    );
    this.apps = web.webApps;
    this.appFindings = web.findings;
  }

  /** Every QWEB host id, ascending. Allocates one array of hostCount numbers. */
  hostIds(): number[] {
    const ids = new Array<number>(this.hostCount);
    for (let i = 0; i < this.hostCount; i++) ids[i] = hostIdAt(this.seed, i);
    return ids;
  }

  hostIdAt(index: number): number {
    return hostIdAt(this.seed, index);
  }

  /** Index of a host id of this subscription, or undefined. */
  indexOf(hostId: number): number | undefined {
    const index = indexOfHostId(this.seed, hostId);
    return index !== undefined && index < this.hostCount ? index : undefined;
  }

  /** First index whose id is >= id (may equal hostCount: none). */
  firstIndexAtOrAbove(id: number): number {
    return Math.min(this.hostCount, firstIndexAtOrAbove(this.seed, id));
  }

  /** Last index whose id is <= id (-1: none). */
  lastIndexAtOrBelow(id: number): number {
    return Math.min(this.hostCount - 1, lastIndexAtOrBelow(this.seed, id));
  }

  /** The host with this QWEB host id, mutations applied. */
  host(hostId: number): SimulatedHost | undefined {
    const index = this.indexOf(hostId);
    return index === undefined ? undefined : this.hostAt(index);
  }

  hostAt(index: number): SimulatedHost {
    const host = generateHost(this.seed, index, this.now);
    const override = this.overrides.get(index);
    if (override && override.processedAt > host.processedAt) {
      const shift = override.processedAt - host.processedAt;
      host.processedAt += shift;
      host.lastScanAt += shift;
      host.vmScannedAt += shift;
    }
    return host;
  }

  /** All detections of a host, whatever their status or type, mutations applied. */
  detectionsOf(hostId: number): SimulatedDetection[] {
    const index = this.indexOf(hostId);
    if (index === undefined) return [];
    return this.detectionsAt(this.hostAt(index));
  }

  /** Detections of a host already generated (the streaming path uses this). */
  detectionsAt(host: SimulatedHost): SimulatedDetection[] {
    const override = this.overrides.get(host.index);
    // Untouched detections keep the dates of the original scan, so after a
    // mutation only the mutated detections fall into a later update window.
    const scanned = override ? generateHost(this.seed, host.index, this.now) : host;
    const base = generateDetections(this.seed, scanned, this.knowledgeBase, this.detectionsPerHost);
    if (!override) return base.sort(byQid);
    const patched = base.map((d) => {
      const patch = override.patches.get(d.qid);
      return patch ? { ...d, ...patch } : d;
    });
    for (const added of override.added) {
      const at = patched.findIndex((d) => d.qid === added.qid);
      if (at >= 0) patched[at] = added;
      else patched.push(added);
    }
    return patched.sort(byQid);
  }

  /** The Qualys tags hosts are tagged with. */
  tags(): SimulatedTag[] {
    return QUALYS_TAGS.map((t) => ({ ...t }));
  }

  /** Knowledge-base entries the knowledge-base endpoint answers for. */
  knowledgeBaseEntries(): KnowledgeBaseEntry[] {
    return this.knowledgeBase.entries.filter((e) => e.qid !== this.knowledgeBase.retiredQid);
  }

  /** QIDs that detections may carry but the knowledge base leaves out. */
  get qidsMissingFromKnowledgeBase(): number[] {
    return [this.knowledgeBase.retiredQid];
  }

  webApps(): readonly SimulatedWebApp[] {
    return this.apps;
  }

  /** All WAS findings, ascending by id. */
  findings(): readonly SimulatedFinding[] {
    return this.appFindings;
  }

  findingsOf(webAppId: number): SimulatedFinding[] {
    return this.appFindings.filter((f) => f.webApp.id === webAppId);
  }

  /**
   * Marks a detection fixed at `at` (default: the current time), as a rescan
   * would: LAST_FIXED, LAST_UPDATE and LAST_PROCESSED move to `at`, and the
   * host counts as processed then, so `vm_processed_after` and
   * `detection_updated_since` windows that include `at` see the change.
   */
  markFixed(hostId: number, qid: number, at: Instant = Date.now()): SimulatedDetection {
    const index = this.requireIndex(hostId);
    const when = toEpochMs(at);
    const current = this.detectionsOf(hostId).find((d) => d.qid === qid);
    if (!current) throw new Error(`host ${hostId} has no detection of QID ${qid}`);
    const override = this.touch(index, when);
    const patch: Partial<SimulatedDetection> = {
      status: 'Fixed',
      lastFixedAt: when,
      lastUpdateAt: when,
      lastProcessedAt: when,
      lastTestAt: when - MINUTE,
    };
    const added = override.added.findIndex((d) => d.qid === qid);
    if (added >= 0) override.added[added] = { ...override.added[added], ...patch };
    else override.patches.set(qid, { ...override.patches.get(qid), ...patch });
    return { ...current, ...patch };
  }

  /**
   * Adds (or replaces, for a QID the host already has) a detection found at
   * `at` (default: the current time). Type and severity default to the
   * knowledge base's facts for the QID.
   */
  addDetection(hostId: number, input: NewDetection, at: Instant = Date.now()): SimulatedDetection {
    const index = this.requireIndex(hostId);
    const when = toEpochMs(at);
    const entry = this.knowledgeBase.entry(input.qid);
    const firstFoundAt = input.firstFoundAt === undefined ? when - MINUTE : toEpochMs(input.firstFoundAt);
    const status = input.status ?? 'New';
    const detection: SimulatedDetection = {
      qid: input.qid,
      type: input.type ?? (entry?.vulnType === 'Information Gathered' ? 'Info' : 'Confirmed'),
      severity: input.severity ?? entry?.severityLevel ?? 3,
      port: input.port ?? entry?.port,
      protocol: input.protocol ?? entry?.protocol,
      ssl: input.ssl ?? entry?.ssl ?? false,
      status,
      results: input.results ?? 'Detected by a later scan.',
      firstFoundAt,
      lastFoundAt: status === 'Fixed' ? firstFoundAt : when - MINUTE,
      timesFound: 1,
      lastTestAt: when - MINUTE,
      lastUpdateAt: when,
      lastFixedAt: status === 'Fixed' ? when : undefined,
      lastProcessedAt: when,
    };
    const override = this.touch(index, when);
    override.patches.delete(input.qid);
    const existing = override.added.findIndex((d) => d.qid === input.qid);
    if (existing >= 0) override.added[existing] = detection;
    else override.added.push(detection);
    return detection;
  }

  private requireIndex(hostId: number): number {
    const index = this.indexOf(hostId);
    if (index === undefined) throw new Error(`no host with id ${hostId} in this subscription`);
    return index;
  }

  private touch(index: number, when: number): HostOverride {
    let override = this.overrides.get(index);
    if (!override) {
      override = { processedAt: when, patches: new Map(), added: [] };
      this.overrides.set(index, override);
    }
    override.processedAt = Math.max(override.processedAt, when);
    return override;
  }
}

/** Qualys lists a host's detections by QID. */
function byQid(a: SimulatedDetection, b: SimulatedDetection): number {
  return a.qid - b.qid;
}

/** Default date anchor: the start of the current hour, so runs within it agree. */
export function defaultNow(): number {
  return Math.floor(Date.now() / HOUR) * HOUR;
}
