import { calculateConfig } from '../src/config/calculateConfig';
import { instanceConfigFields } from '../src/config/instanceConfigFields';
import { envName } from '../src/config/parseSettings';
import { CalculatedConfig, QualysIntegrationConfig } from '../src/config/types';
import { ClientLogger, QualysClient } from '../src/qualys/client';
import { HOST_ASSETS_PER_REQUEST, iterateHostAssets } from '../src/qualys/operations/hostAssets';
import { iterateHostDetections } from '../src/qualys/operations/hostDetections';
import { iterateHostIds } from '../src/qualys/operations/hostIds';
import { iterateKnowledgeBase } from '../src/qualys/operations/knowledgeBase';
import { HOSTS_PER_DETECTION_REQUEST, detectionFilters } from '../src/steps/hostFindings';
import { ParseFloorCounts } from './types';

/**
 * The parse floor: downloads what a product run downloads for host findings
 * (host id list, host assets and detections in batches of 1,000 hosts,
 * knowledge base for the QIDs seen) through the product's own client and
 * streaming readers, and only counts the records. No SDK, no conversion, no
 * graph: the least any collector built on this transport must spend.
 *
 *   node -r ts-node/register/transpile-only bench/parseFloor.ts
 *
 * It reads the same QUALYS_* and VMDR_* environment as the product, through
 * the product's own config calculation, so it asks for the same windows and
 * filters. When done it prints `counts <json>`. (The client's error
 * classes come from the SDK core, so that package is loaded; nothing of it runs.)
 */

const QIDS_PER_REQUEST = 1000;

const silent: ClientLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_fields, message) => process.stderr.write(`${message}\n`),
};

function configFromEnvironment(): CalculatedConfig {
  const raw: Record<string, string | undefined> = {};
  for (const field of Object.keys(instanceConfigFields)) raw[field] = process.env[envName(field)];
  return calculateConfig(raw as unknown as QualysIntegrationConfig, { startedAt: Date.now() });
}

async function countAssets(client: QualysClient, ids: readonly number[]): Promise<number> {
  let count = 0;
  for (let i = 0; i < ids.length; i += HOST_ASSETS_PER_REQUEST) {
    for await (const asset of iterateHostAssets(client, ids.slice(i, i + HOST_ASSETS_PER_REQUEST))) {
      if (asset.qwebHostId) count++;
    }
  }
  return count;
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const client = new QualysClient({
    apiUrl: config.apiUrl,
    username: config.username,
    password: config.password,
    logger: silent,
  });
  const counts: ParseFloorCounts = {
    hostIds: 0,
    hostAssets: 0,
    detectionHosts: 0,
    detections: 0,
    distinctQids: 0,
    knowledgeBaseEntries: 0,
    clientCalls: {},
  };

  const ids: number[] = [];
  for await (const id of iterateHostIds(client, { processedAfter: config.vmdr.hostsProcessedAfter, tags: config.vmdr.tags })) {
    ids.push(id);
  }
  counts.hostIds = ids.length;

  // The product overlaps the next batch's asset search (QPS) with this
  // batch's detections (VM API); the floor does the same, so it is not
  // slower than the product merely for being sequential.
  const qids = new Set<number>();
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += HOSTS_PER_DETECTION_REQUEST) batches.push(ids.slice(i, i + HOSTS_PER_DETECTION_REQUEST));
  let nextAssets = batches.length ? countAssets(client, batches[0]) : Promise.resolve(0);
  for (let b = 0; b < batches.length; b++) {
    counts.hostAssets += await nextAssets;
    if (b + 1 < batches.length) nextAssets = countAssets(client, batches[b + 1]);
    for await (const host of iterateHostDetections(client, batches[b], detectionFilters(config))) {
      counts.detectionHosts++;
      counts.detections += host.detections.length;
      for (const detection of host.detections) qids.add(detection.qid);
    }
  }

  counts.distinctQids = qids.size;
  const all = [...qids];
  for (let i = 0; i < all.length; i += QIDS_PER_REQUEST) {
    for await (const vuln of iterateKnowledgeBase(client, all.slice(i, i + QIDS_PER_REQUEST))) {
      if (vuln.qid) counts.knowledgeBaseEntries++;
    }
  }

  counts.clientCalls = Object.fromEntries(client.stats.calls);
  process.stdout.write(`counts ${JSON.stringify(counts)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`parse floor failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
