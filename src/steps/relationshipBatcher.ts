import { JobState, Relationship } from '@jupiterone/integration-sdk-core';

/**
 * How many graph objects the SDK 8.41 file store buffers before it writes
 * them (its DEFAULT_GRAPH_OBJECT_BUFFER_THRESHOLD).
 */
export const SDK_BUFFER_THRESHOLD = 500;

/**
 * Hands relationships to the SDK one `_type` at a time.
 *
 * The SDK's file store writes one file (and one index symlink) per `_type`
 * present in its buffer each time the buffer fills. A host's findings bring
 * up to ten relationship types (HAS from four kinds of host, IS cve, IS vuln,
 * SCANS of four kinds), so handing them over as they come writes about ten
 * small files per 500 relationships; at 50k hosts that is tens of thousands of
 * files, and the file system calls cost more than the JSON. Grouped here, each
 * SDK flush holds one type and writes one file.
 *
 * Holds at most `batchSize - 1` relationships per type (a few MB at most),
 * never a number that grows with the run. Relationships not yet handed over
 * are invisible to `jobState.hasKey`: `has` answers for both.
 * `flush` must run before the step ends, whether it succeeded or not, or the
 * last partial batches are lost.
 */
export class RelationshipBatcher {
  private readonly pending = new Map<string, Relationship[]>();
  private readonly pendingKeys = new Set<string>();

  constructor(
    private readonly jobState: JobState,
    private readonly batchSize = SDK_BUFFER_THRESHOLD,
  ) {}

  async add(relationships: readonly Relationship[]): Promise<void> {
    for (const relationship of relationships) {
      let group = this.pending.get(relationship._type);
      if (!group) this.pending.set(relationship._type, (group = []));
      group.push(relationship);
      this.pendingKeys.add(relationship._key);
      if (group.length >= this.batchSize) await this.handOver(relationship._type, group);
    }
  }

  /** Whether a relationship with this key was added, here or to the SDK. */
  async has(key: string): Promise<boolean> {
    return this.pendingKeys.has(key) || this.jobState.hasKey(key);
  }

  /** Hands every relationship still held to the SDK. */
  async flush(): Promise<void> {
    for (const [type, group] of [...this.pending]) {
      if (group.length) await this.handOver(type, group);
    }
  }

  private async handOver(type: string, group: Relationship[]): Promise<void> {
    // Taken out before the await, so an add that runs meanwhile starts a new group.
    this.pending.delete(type);
    for (const relationship of group) this.pendingKeys.delete(relationship._key);
    await this.jobState.addRelationships(group);
  }
}
