import { QualysClient, ClientLogger } from '../qualys/client';
import { QualysErrorKind, isQualysError } from '../qualys/errors';
import { iterateKnowledgeBase } from '../qualys/operations/knowledgeBase';
import { VulnFacts, createVulnFacts } from '../converters/vulnerability';

/** Refusals that no other call of the run would escape either. */
const STOPS_EVERYTHING: ReadonlySet<QualysErrorKind> = new Set([
  'credentials',
  'expired',
  'no-api-access',
  'account-setup',
]);

// QIDs asked for in one knowledge-base call. The ids travel in a POST body, so
// the length of the list is no concern; an entry is a few kB of XML, so a
// thousand keep one answer to a few MB.
const QIDS_PER_REQUEST = 1000;

interface SharedKnowledge {
  facts: Map<number, VulnFacts | null>;
  loading: Map<number, Promise<void>>;
  missing: Set<number>;
  failures: string[];
}

/**
 * QID → knowledge-base facts, for the whole run and every step. It grows with
 * the QIDs seen (bounded by the knowledge base, a few thousand in practice),
 * never with findings, and each QID is asked for at most once per run.
 */
export class KnowledgeBaseCache {
  private readonly facts: Map<number, VulnFacts | null>;
  private readonly loading: Map<number, Promise<void>>;
  /** QIDs the knowledge base did not return. */
  readonly missing: Set<number>;
  /** Look-ups made through this view that failed, as sentences for its step's report. */
  readonly failures: string[];

  constructor(
    private readonly client: QualysClient,
    private readonly webLinkHost: string | undefined,
    private readonly logger: ClientLogger,
    shared?: SharedKnowledge,
  ) {
    this.facts = shared?.facts ?? new Map();
    this.loading = shared?.loading ?? new Map();
    this.missing = shared?.missing ?? new Set();
    this.failures = shared?.failures ?? [];
  }

  /** The same cache, calling and logging as another step. */
  withLogger(logger: ClientLogger): KnowledgeBaseCache {
    return new KnowledgeBaseCache(this.client.withLogger(logger), this.webLinkHost, logger, {
      facts: this.facts,
      loading: this.loading,
      missing: this.missing,
      // Each step's view keeps its own failures, for its own report.
      failures: [],
    });
  }

  get size(): number {
    return this.facts.size;
  }

  /** Facts of a QID already loaded; `undefined` for unknown or not yet asked. */
  get(qid: number): VulnFacts | undefined {
    return this.facts.get(qid) ?? undefined;
  }

  /** Whether the QID was already asked for (known or missing). */
  has(qid: number): boolean {
    return this.facts.has(qid);
  }

  /** Loads every QID not asked for yet; concurrent callers share the calls. */
  async load(qids: Iterable<number>): Promise<void> {
    const wanted = new Set<number>();
    const waits = new Set<Promise<void>>();
    for (const qid of qids) {
      if (this.facts.has(qid)) continue;
      const inFlight = this.loading.get(qid);
      if (inFlight) waits.add(inFlight);
      else wanted.add(qid);
    }
    const batches: number[][] = [];
    const all = [...wanted];
    for (let i = 0; i < all.length; i += QIDS_PER_REQUEST) batches.push(all.slice(i, i + QIDS_PER_REQUEST));
    for (const batch of batches) {
      const promise = this.fetch(batch);
      for (const qid of batch) this.loading.set(qid, promise);
      waits.add(promise);
    }
    await Promise.all(waits);
  }

  private async fetch(qids: number[]): Promise<void> {
    try {
      await this.read(qids);
    } catch (err) {
      // Without the knowledge base a finding loses its details, not its
      // existence: the batch is written without them and the run reports
      // itself incomplete. Only a refusal of the user stops the step.
      if (!isQualysError(err) || STOPS_EVERYTHING.has(err.kind)) throw err;
      for (const qid of qids) if (!this.facts.has(qid)) this.facts.set(qid, null);
      this.failures.push(`knowledge base unavailable for ${qids.length} QID(s): ${err.message}`);
      this.logger.warn(
        { err, qids: qids.length },
        `Knowledge-base lookup failed for ${qids.length} QID(s); their findings are written without vulnerability details or IS relationships: ${err.message}`,
      );
    } finally {
      for (const qid of qids) this.loading.delete(qid);
    }
  }

  private async read(qids: number[]): Promise<void> {
    {
      const asked = new Set(qids);
      let unasked = 0;
      for await (const vuln of iterateKnowledgeBase(this.client, qids)) {
        // Only what was asked for is kept: an answer holding other QIDs
        // would otherwise stop them from ever being asked for themselves.
        if (asked.has(vuln.qid)) this.facts.set(vuln.qid, createVulnFacts(vuln, this.webLinkHost));
        else unasked++;
      }
      if (unasked) this.logger.debug({ unasked }, `Ignored ${unasked} knowledge-base record(s) that were not asked for`);
      const notFound = qids.filter((qid) => !this.facts.has(qid));
      for (const qid of notFound) {
        this.facts.set(qid, null);
        this.missing.add(qid);
      }
      if (notFound.length) {
        this.logger.warn(
          { qids: notFound.slice(0, 50), count: notFound.length },
          `${notFound.length} QID(s) missing from the Qualys knowledge base (e.g. ${notFound.slice(0, 5).join(', ')}); their findings are kept without vulnerability details or IS relationships`,
        );
      }
      this.logger.debug({ asked: qids.length }, 'Knowledge base batch loaded');
    }
  }
}
