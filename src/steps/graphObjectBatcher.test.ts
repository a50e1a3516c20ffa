import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity, JobState, Relationship, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { DuplicateKeyTracker, FileSystemGraphObjectStore, MemoryDataStore, TypeTracker } from '@jupiterone/integration-sdk-runtime';
// Not exported from the package root: the job state the CLI gives each step.
import { createStepJobState } from '@jupiterone/integration-sdk-runtime/dist/src/execution/jobState';
import { GraphObjectBatcher, entityBatcher, relationshipBatcher } from './graphObjectBatcher';

const STEP = 'write-relationships';
const TYPES = ['t_has_a', 't_has_b', 't_is_c', 't_is_d', 't_scans_e', 't_scans_f'];

/** A relationship of `TYPES[n % 6]`: the types come interleaved, as a host's findings bring them. */
function relationship(n: number): Relationship {
  return {
    _class: RelationshipClass.HAS,
    _type: TYPES[n % TYPES.length],
    _key: `r${n}`,
    _fromEntityKey: `from${n}`,
    _toEntityKey: `to${n}`,
  };
}

let storage: string;
const previousStorage = process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;

beforeEach(() => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'relationship-batcher-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storage;
});

afterEach(() => {
  if (previousStorage === undefined) delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  else process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = previousStorage;
  fs.rmSync(storage, { recursive: true, force: true });
});

/** The job state and file store `j1-integration collect` uses, writing under `storage`. */
function realJobState(): { jobState: JobState; store: FileSystemGraphObjectStore } {
  const store = new FileSystemGraphObjectStore({ prettifyFiles: true });
  const jobState = createStepJobState({
    stepId: STEP,
    duplicateKeyTracker: new DuplicateKeyTracker(),
    typeTracker: new TypeTracker(),
    graphObjectStore: store,
    dataStore: new MemoryDataStore(),
    onDuplicateEntityKey: () => undefined,
  });
  return { jobState, store };
}

/** Files the store wrote of one collection, the objects in each, and the objects by type. */
function written(collection: 'entities' | 'relationships' = 'relationships'): { files: number; sizes: number[]; byType: Map<string, number> } {
  const dir = path.join(storage, 'graph', STEP, collection);
  const byType = new Map<string, number>();
  const sizes: number[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const file of files) {
    const objects = (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, Array<Entity | Relationship>>)[collection];
    sizes.push(objects.length);
    for (const o of objects) byType.set(o._type, (byType.get(o._type) ?? 0) + 1);
  }
  return { files: files.length, sizes: sizes.sort((a, b) => a - b), byType };
}

const COUNT = 3_000;

test('handed over one type at a time, the SDK writes one file per full batch instead of one per type per flush', async () => {
  const direct = realJobState();
  for (let n = 0; n < COUNT; n += 10) {
    await direct.jobState.addRelationships(Array.from({ length: 10 }, (_, i) => relationship(n + i)));
  }
  await direct.store.flush();
  const unbatched = written();
  fs.rmSync(path.join(storage, 'graph'), { recursive: true, force: true });

  const { jobState, store } = realJobState();
  const batcher = relationshipBatcher(jobState);
  for (let n = 0; n < COUNT; n += 10) {
    await batcher.add(Array.from({ length: 10 }, (_, i) => relationship(n + i)));
  }
  await batcher.flush();
  await store.flush();
  const batched = written();

  // 3,000 relationships, 500 of each type: exactly one file per type.
  expect(batched.files).toBe(TYPES.length);
  expect(unbatched.files).toBeGreaterThanOrEqual(TYPES.length * (COUNT / 500));
  for (const type of TYPES) {
    expect(batched.byType.get(type)).toBe(COUNT / TYPES.length);
    expect(unbatched.byType.get(type)).toBe(COUNT / TYPES.length);
  }
});

test('entities added a host at a time (21 findings) fill whole files, where the SDK alone leaves a small file beside most full ones', async () => {
  const finding = (n: number): Entity => ({ _class: 'Finding', _type: 't_finding', _key: `f${n}`, name: `f${n}`, displayName: `f${n}` });
  const direct = realJobState();
  for (let n = 0; n < COUNT; n += 21) await direct.jobState.addEntities(Array.from({ length: Math.min(21, COUNT - n) }, (_, i) => finding(n + i)));
  await direct.store.flush();
  const unbatched = written('entities');
  fs.rmSync(path.join(storage, 'graph'), { recursive: true, force: true });

  const { jobState, store } = realJobState();
  const batcher = entityBatcher(jobState);
  for (let n = 0; n < COUNT; n += 21) await batcher.add(Array.from({ length: Math.min(21, COUNT - n) }, (_, i) => finding(n + i)));
  await batcher.flush();
  await store.flush();

  expect(written('entities').sizes).toEqual([500, 500, 500, 500, 500, 500]);
  expect(unbatched.sizes.filter((size) => size < 500).length).toBeGreaterThan(3);
  expect(unbatched.sizes.reduce((a, b) => a + b, 0)).toBe(COUNT);
});

test('holds less than one batch per type, and flush hands over the rest', async () => {
  const { jobState } = realJobState();
  const handed: Relationship[][] = [];
  const addRelationships = jobState.addRelationships.bind(jobState);
  jobState.addRelationships = async (relationships) => {
    handed.push(relationships);
    await addRelationships(relationships);
  };
  const batcher = relationshipBatcher(jobState, undefined, 4);

  await batcher.add([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => relationship(n * TYPES.length)));
  expect(handed.map((batch) => batch.map((r) => r._key))).toEqual([
    ['r0', 'r6', 'r12', 'r18'],
    ['r24', 'r30', 'r36', 'r42'],
  ]);

  await batcher.add([relationship(1), relationship(2)]);
  expect(handed).toHaveLength(2);
  await batcher.flush();
  expect(handed.slice(2).map((batch) => batch.map((r) => r._key)).sort()).toEqual([['r1'], ['r2'], ['r48', 'r54']]);

  await batcher.flush();
  expect(handed).toHaveLength(5);
});

test('knows the keys it holds as well as those the SDK has', async () => {
  const { jobState } = realJobState();
  const batcher = relationshipBatcher(jobState, () => true, 2);
  await batcher.add([relationship(0)]);
  expect(await jobState.hasKey('r0')).toBe(false);
  expect(await batcher.has('r0')).toBe(true);

  await batcher.add([relationship(6)]);
  expect(await jobState.hasKey('r0')).toBe(true);
  expect(await batcher.has('r0')).toBe(true);
  expect(await batcher.has('r12')).toBe(false);
});

/** A batcher of batches of 2 whose hand-overs finish only when the test says. */
function controlledBatcher(): { batcher: GraphObjectBatcher<Relationship>; started: Relationship[][]; finish: (error?: Error) => void } {
  const { jobState } = realJobState();
  const started: Relationship[][] = [];
  const waiting: Array<(error?: Error) => void> = [];
  const batcher = new GraphObjectBatcher<Relationship>(
    jobState,
    (_state, batch) => {
      started.push(batch);
      return new Promise<void>((resolve, reject) => waiting.push((error) => (error ? reject(error) : resolve())));
    },
    () => true,
    2,
  );
  return { batcher, started, finish: (error) => waiting.shift()?.(error) };
}

test('goes on while the SDK takes a batch, and waits for it before handing over the next', async () => {
  const { batcher, started, finish } = controlledBatcher();
  await batcher.add([relationship(0), relationship(6)]);
  expect(started).toHaveLength(1);
  // The first batch is still being written: what follows is held meanwhile.
  await batcher.add([relationship(12)]);
  expect(await batcher.has('r0')).toBe(true);

  let secondHandedOver = false;
  const adding = batcher.add([relationship(18)]).then(() => (secondHandedOver = true));
  await new Promise((resolve) => setImmediate(resolve));
  expect(secondHandedOver).toBe(false);
  finish();
  await adding;
  expect(started.map((batch) => batch.map((r) => r._key))).toEqual([['r0', 'r6'], ['r12', 'r18']]);

  // Nothing is held: the flush only waits for the batch being written.
  const flushing = batcher.flush();
  finish();
  await flushing;
  expect(started).toHaveLength(2);
});

/** Lets pending promise callbacks and timers run until `done` holds (at most a second). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

test('a batch the SDK refused fails the next call, and what was held is still written by the flush', async () => {
  const { batcher, started, finish } = controlledBatcher();
  await batcher.add([relationship(0), relationship(6)]);
  finish(new Error('duplicate key r6'));
  await expect(batcher.add([relationship(12), relationship(18)])).rejects.toThrow('duplicate key r6');
  const flushing = batcher.flush();
  await until(() => started.length === 2);
  expect(started[1].map((r) => r._key)).toEqual(['r12', 'r18']);
  finish();
  await expect(flushing).resolves.toBeUndefined();
});
