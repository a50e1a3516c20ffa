import { DetectionHost } from '../qualys/operations/hostDetections';
import { KnowledgeBaseCache } from './knowledgeBaseCache';

// Hosts held while the knowledge base is asked about their new QIDs. Early in
// a run most QIDs are new; holding a window of hosts turns what would be one
// knowledge-base call per host into one per window. Bounded, so memory is.
const MAX_HELD_HOSTS = 250;
const MAX_UNKNOWN_QIDS = 1000;

/**
 * Lets a host through once the knowledge base has been asked about all of its
 * QIDs, so each finding is written whole, with its vulnerability facts and
 * relationships, and never revisited.
 */
export class KnowledgeWindow {
  private held: DetectionHost[] = [];
  private readonly unknown = new Set<number>();

  constructor(
    private readonly knowledgeBase: KnowledgeBaseCache,
    private readonly write: (host: DetectionHost) => Promise<void>,
    /**
     * Whether a knowledge-base call can start while the detection answer is
     * still open. With a subscription concurrency limit of 1 it cannot (it
     * would wait for the open answer forever), so hosts are held until the
     * answer ends: memory then follows the page, not the window.
     */
    private readonly canAskNow: () => boolean = () => true,
  ) {}

  async add(host: DetectionHost): Promise<void> {
    const unknown = host.detections.map((d) => d.qid).filter((qid) => !this.knowledgeBase.has(qid));
    if (unknown.length === 0 && this.held.length === 0) {
      await this.write(host);
      return;
    }
    this.held.push(host);
    for (const qid of unknown) this.unknown.add(qid);
    const full = this.held.length >= MAX_HELD_HOSTS || this.unknown.size >= MAX_UNKNOWN_QIDS;
    if (full && this.canAskNow()) await this.flush();
  }

  /** Asks about the QIDs held back, then writes every held host in order. */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    await this.knowledgeBase.load(this.unknown);
    this.unknown.clear();
    const hosts = this.held;
    this.held = [];
    for (const host of hosts) await this.write(host);
  }
}
