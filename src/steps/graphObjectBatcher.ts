import { Entity, JobState, Relationship } from '@jupiterone/integration-sdk-core';

/**
 * How many graph objects the SDK 8.41 file store buffers before it writes
 * them, and how many it puts in one file (its DEFAULT_GRAPH_OBJECT_BUFFER_THRESHOLD
 * and DEFAULT_GRAPH_OBJECT_FILE_SIZE).
 */
export const SDK_BUFFER_THRESHOLD = 500;

type GraphObject = Entity | Relationship;

/**
 * Hands graph objects to the SDK in full batches of one `_type`.
 *
 * Each time its buffer reaches 500 objects, the SDK's file store writes one
 * file (and one index symlink) per `_type` in the buffer, cutting each into
 * files of 500. A host's findings bring up to ten relationship types (HAS
 * from four kinds of host, IS cve, IS vuln, SCANS of four kinds) and about
 * twenty entities, so handed over as they come they make about ten small
 * relationship files per 500 relationships, and an entity file of a few
 * objects beside most full ones: at 50k hosts, tens of thousands of files,
 * whose file system calls cost more than their JSON. In batches of 500 of one
 * type, each flush writes one full file.
 *
 * Holds at most `batchSize - 1` objects per type (a few MB at most), never a
 * number that grows with the run. Objects not yet handed over are invisible
 * to `jobState.hasKey`: `has` answers for both. `flush` must run before the
 * step ends, whether it succeeded or not, or the last partial batches are
 * lost.
 */
export class GraphObjectBatcher<T extends GraphObject> {
  private readonly pending = new Map<string, T[]>();
  private readonly pendingKeys = new Set<string>();

  constructor(
    private readonly jobState: JobState,
    private readonly handOverTo: (jobState: JobState, objects: T[]) => Promise<unknown>,
    private readonly batchSize = SDK_BUFFER_THRESHOLD,
  ) {}

  async add(objects: readonly T[]): Promise<void> {
    for (const object of objects) {
      let group = this.pending.get(object._type);
      if (!group) this.pending.set(object._type, (group = []));
      group.push(object);
      this.pendingKeys.add(object._key);
      if (group.length >= this.batchSize) await this.handOver(object._type, group);
    }
  }

  /** Whether an object with this key was added, here or to the SDK. */
  async has(key: string): Promise<boolean> {
    return this.pendingKeys.has(key) || this.jobState.hasKey(key);
  }

  /** Hands every object still held to the SDK. */
  async flush(): Promise<void> {
    for (const [type, group] of [...this.pending]) {
      if (group.length) await this.handOver(type, group);
    }
  }

  private async handOver(type: string, group: T[]): Promise<void> {
    // Taken out before the await, so an add that runs meanwhile starts a new group.
    this.pending.delete(type);
    for (const object of group) this.pendingKeys.delete(object._key);
    await this.handOverTo(this.jobState, group);
  }
}

/** Batches of entities (see GraphObjectBatcher). */
export const entityBatcher = (jobState: JobState, batchSize?: number): GraphObjectBatcher<Entity> =>
  new GraphObjectBatcher<Entity>(jobState, (state, entities) => state.addEntities(entities), batchSize);

/** Batches of relationships (see GraphObjectBatcher). */
export const relationshipBatcher = (jobState: JobState, batchSize?: number): GraphObjectBatcher<Relationship> =>
  new GraphObjectBatcher<Relationship>(jobState, (state, relationships) => state.addRelationships(relationships), batchSize);
