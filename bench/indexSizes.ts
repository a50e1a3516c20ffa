import { ClientLogger, QualysClient } from '../src/qualys/client';
import { HostAsset, iterateHostAssets } from '../src/qualys/operations/hostAssets';
import { DetectionHost, iterateHostDetections } from '../src/qualys/operations/hostDetections';
import { iterateHostIds } from '../src/qualys/operations/hostIds';
import { KnowledgeBaseCache } from '../src/steps/knowledgeBaseCache';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { DEMO } from './settings';
import { startSimulatorProcess } from './simulatorHandle';

/**
 * Measures what each index the run keeps costs in heap, per entry, so the
 * README's table of run state is a measurement rather than a guess:
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/indexSizes.ts
 *
 * The simulator runs in its own process (its own data would blur the heap
 * figures); each index is filled from it through the product's own client and
 * readers, and the heap is compared after full collections before and after
 * (what the index holds, not the garbage made while reading it).
 */

const HOSTS = 1000;
const silent: ClientLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
}

// Fills kept at once per measurement: the heap moves by a few hundred kB
// between collections for reasons of its own, so one index of 1,000 hosts
// would be lost in that noise.
const COPIES = 8;

/**
 * Heap bytes that one result of `fill` keeps reachable. It runs once first and
 * that result is dropped (the first call also leaves compiled code, loaded
 * modules and pooled connections behind, which are not the index); then
 * COPIES results are kept at once and the growth is divided among them.
 */
async function retainedBytes<T>(fill: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  await fill();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept: T[] = [];
  for (let i = 0; i < COPIES; i++) kept.push(await fill());
  collectGarbage();
  const bytes = (process.memoryUsage().heapUsed - before) / COPIES;
  return { value: kept[0], bytes };
}

async function main(): Promise<void> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-sizes-'));
  const simulator = await startSimulatorProcess({
    hosts: HOSTS,
    detectionsPerHost: 20,
    seed: 1,
    webApps: 0,
    findingsPerWebApp: 0,
    projectRoot: path.resolve(__dirname, '..'),
    logDir,
  });
  try {
    const client = new QualysClient({
      apiUrl: new URL(simulator.url),
      username: DEMO.username,
      password: DEMO.password,
      logger: silent,
    });
    const processedAfter = Date.now() - 3650 * 86_400_000;

    const ids = await retainedBytes(async () => {
      const list: number[] = [];
      for await (const id of iterateHostIds(client, { processedAfter })) list.push(id);
      return list;
    });
    const assets = await retainedBytes(async () => {
      const map = new Map<string, HostAsset>();
      for await (const asset of iterateHostAssets(client, ids.value)) map.set(asset.qwebHostId, asset);
      return map;
    });
    const held = await retainedBytes(async () => {
      const hosts: DetectionHost[] = [];
      const filters = {
        severities: [1, 2, 3, 4, 5],
        types: ['Confirmed', 'Potential', 'Info'],
        statuses: ['New', 'Active', 'Re-Opened', 'Fixed'],
      };
      for await (const host of iterateHostDetections(client, ids.value, filters)) hosts.push(host);
      return hosts;
    });
    const qids = new Set(held.value.flatMap((host) => host.detections.map((d) => d.qid)));
    const knowledge = await retainedBytes(async () => {
      const cache = new KnowledgeBaseCache(client, 'qualysguard.example.test', silent);
      await cache.load(qids);
      return cache;
    });

    const detections = held.value.reduce((sum, host) => sum + host.detections.length, 0);
    const rows: Array<[string, number, string]> = [
      ['QWEB host ids of the window', ids.bytes / ids.value.length, 'per host'],
      ['host assets (cloud identity) of a batch', assets.bytes / assets.value.size, 'per host'],
      [`a parsed host with its detections (${(detections / held.value.length).toFixed(1)} on average)`, held.bytes / held.value.length, 'per host'],
      ['knowledge-base facts', knowledge.bytes / qids.size, 'per QID seen'],
    ];
    console.log(`Heap retained per entry, ${HOSTS} simulated hosts, ${qids.size} QIDs (node ${process.version}):\n`);
    console.log('| index | bytes | per |');
    console.log('| --- | --- | --- |');
    for (const [name, bytes, per] of rows) console.log(`| ${name} | ${Math.round(bytes).toLocaleString('en-US')} | ${per} |`);
  } finally {
    await simulator.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
