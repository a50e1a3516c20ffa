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
 * Holds at most `batchSize - 1` objects per type, plus the one batch the SDK
 * is taking (a few MB at most), never a number that grows with the run.
 * Objects not yet handed over are invisible to `jobState.hasKey`: `has`
 * answers for both, for the objects `isTracked` picks. `flush` must run
 * before the step ends, whether it succeeded or not, or the last partial
 * batches are lost.
 */
export class GraphObjectBatcher<T extends GraphObject> {
  private readonly pending = new Map<string, T[]>();
  /** Keys `has` answers for that the SDK may not know yet (held, or in the batch being handed over). */
  private readonly unregisteredKeys = new Set<string>();
  /** The batch the SDK is writing while the caller goes on; its failure is thrown by the next call. */
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  /**
   * `isTracked` picks the objects whose keys `has` must know while they are
   * held (tracking every key would cost a set insertion per object).
   */
  constructor(
    private readonly jobState: JobState,
    private readonly handOverTo: (jobState: JobState, objects: T[]) => Promise<unknown>,
    private readonly isTracked: (object: T) => boolean = () => false,
    private readonly batchSize = SDK_BUFFER_THRESHOLD,
  ) {}

  async add(objects: readonly T[]): Promise<void> {
    for (const object of objects) {
      let group = this.pending.get(object._type);
      if (!group) this.pending.set(object._type, (group = []));
      group.push(object);
      if (this.isTracked(object)) this.unregisteredKeys.add(object._key);
      if (group.length >= this.batchSize) await this.handOver(object._type, group);
    }
  }

  /** Whether a tracked object with this key was added (held here or handed to the SDK), or the SDK has the key. */
  async has(key: string): Promise<boolean> {
    return this.unregisteredKeys.has(key) || this.jobState.hasKey(key);
  }

  /** Hands every object still held to the SDK, and waits until it has taken them all. */
  async flush(): Promise<void> {
    for (const [type, group] of [...this.pending]) {
      if (group.length) await this.handOver(type, group);
    }
    await this.settle();
  }

  /**
   * Starts handing `group` over and returns without waiting for the SDK to
   * write it: the SDK's write of a full batch (JSON, then a file write on
   * libuv's threads) then overlaps the parsing and conversion of the next
   * hosts. One batch at a time: the previous one is waited for first, which
   * keeps the SDK's order of objects and bounds what is in flight.
   */
  private async handOver(type: string, group: T[]): Promise<void> {
    // Taken out before any await, so an add that runs meanwhile starts a new group.
    this.pending.delete(type);
    try {
      await this.settle();
    } catch (err) {
      // The previous batch failed: this one stays held, for a flush to write.
      this.pending.set(type, [...group, ...(this.pending.get(type) ?? [])]);
      throw err;
    }
    this.running = this.handOverTo(this.jobState, group).then(
      () => {
        for (const object of group) this.unregisteredKeys.delete(object._key);
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }

  /** Waits for the batch being handed over; rethrows its failure. */
  private async settle(): Promise<void> {
    await this.running;
    this.running = undefined;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }
}

/** Batches of entities (see GraphObjectBatcher). */
export const entityBatcher = (jobState: JobState, isTracked?: (entity: Entity) => boolean, batchSize?: number): GraphObjectBatcher<Entity> =>
  new GraphObjectBatcher<Entity>(jobState, (state, entities) => state.addEntities(entities), isTracked, batchSize);

/** Batches of relationships (see GraphObjectBatcher). */
export const relationshipBatcher = (
  jobState: JobState,
  isTracked?: (relationship: Relationship) => boolean,
  batchSize?: number,
): GraphObjectBatcher<Relationship> =>
  new GraphObjectBatcher<Relationship>(jobState, (state, relationships) => state.addRelationships(relationships), isTracked, batchSize);
