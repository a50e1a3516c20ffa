import {
  IntegrationInfoEventName,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { CalculatedConfig, QualysIntegrationConfig } from '../config/types';
import { QualysClient } from '../qualys/client';
import { QualysError, QualysErrorKind, isQualysError } from '../qualys/errors';
import { HOST_ASSETS_PER_REQUEST, HostAsset, iterateHostAssets } from '../qualys/operations/hostAssets';
import { DetectionFilters, iterateHostDetections } from '../qualys/operations/hostDetections';
import { iterateHostIds } from '../qualys/operations/hostIds';
import { CollectionReport } from './collectionReport';
import { Entities, HOST_TARGET_TYPES, HostTargetRelationships, MappedRelationships, Steps } from './constants';
import { HostAssets, HostFindingWriter } from './hostFindingWriter';
import { KnowledgeWindow } from './knowledgeWindow';
import { ProgressReporter } from './progress';
import { RunServices, getRunServices } from './runServices';
import { incompleteError } from '../userFacingError';
import { hostsPerRequestKnob } from '../config/operatorKnobs';

// Hosts per detection request. Qualys counts truncation_limit in hosts; a
// thousand hosts of ~20 detections is a ~10 MB answer, streamed, and keeps
// the number of calls (each one rate-limited) low.
export const HOSTS_PER_DETECTION_REQUEST = 1000;

/** The batch size, unless the operator set QUALYS_HOSTS_PER_REQUEST (checked before any step). */
function hostsPerRequest(): number {
  return hostsPerRequestKnob() ?? HOSTS_PER_DETECTION_REQUEST;
}

/** Failures that no retry or smaller batch will fix: the step stops. */
const STOPS_THE_STEP: ReadonlySet<QualysErrorKind> = new Set([
  'credentials',
  'expired',
  'no-api-access',
  'account-setup',
  'permission',
  'module',
  'not-qualys',
  'rate-limit',
  'concurrency',
]);

export async function fetchHostFindings(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const services = await getRunServices(context);
  const { client, config, knowledgeBase } = services;
  const { logger } = context;
  const report = new CollectionReport();

  const hostIds = await listHostIds(services);
  report.add('hosts listed', hostIds.length);
  logger.info(
    { hosts: hostIds.length, processedAfter: new Date(config.vmdr.hostsProcessedAfter).toISOString(), incremental: config.incremental },
    `Qualys lists ${hostIds.length} scanned host(s) processed since ${new Date(config.vmdr.hostsProcessedAfter).toISOString()}${config.incremental ? ' (incremental run)' : ''}`,
  );
  if (hostIds.length === 0) {
    services.statistics.stepReport(Steps.HOST_FINDINGS, report.toJSON());
    return;
  }

  const isolation: IsolationBudget = { failures: 0, limit: ISOLATION_FAILURE_LIMIT };
  const writer = new HostFindingWriter(context.jobState, knowledgeBase, report, logger, config.vmdr.types, services.statistics);
  const progress = new ProgressReporter(logger, 'hosts', hostIds.length);
  const batches = chunk(hostIds, hostsPerRequest());
  const assetsUnavailable = { reason: undefined as string | undefined };

  // A step that stops early still reports what it collected and what it could
  // not: the run report and the summary are where an operator looks first.
  let stopped: Error | undefined;
  try {
    // Asset lookups (QPS) for the next batch overlap the detections (VM API)
    // of this one: the two APIs have separate limits.
    let nextAssets = fetchAssets(client, batches[0], report, logger, assetsUnavailable);
    for (let i = 0; i < batches.length; i++) {
      const assets = await nextAssets;
      if (i + 1 < batches.length) {
        nextAssets = fetchAssets(client, batches[i + 1], report, logger, assetsUnavailable);
      }
      await collectDetections(services, batches[i], assets, writer, report, logger, isolation);
      progress.update(report.get('hosts processed'), report.get('findings'));
    }
  } catch (err) {
    stopped = err instanceof Error ? err : new Error(String(err));
    report.problems.push(`the step stopped after ${report.get('hosts processed')} of ${hostIds.length} host(s): ${stopped.message}`);
  }
  // What was collected before a stop is written too.
  await writer.flush();

  report.problems.push(...knowledgeBase.failures.splice(0));
  services.statistics.stepReport(Steps.HOST_FINDINGS, report.toJSON());
  const summary = `Host findings: ${report.describe()}`;
  logger.info({ report: report.toJSON() }, summary);
  logger.publishInfoEvent({ name: IntegrationInfoEventName.Stats, description: summary });

  if (stopped) {
    // Refusals keep their own error (their advice names the cause); a step
    // stopped by failing detections also names the hosts already isolated.
    if (isQualysError(stopped) || !report.isolatedHosts.length) throw stopped;
    throw incompleteError(
      'QUALYS_DETECTIONS_FAILING',
      `${stopped.message.replace(/\.$/, '')}; detections of ${report.isolatedHosts.length} host(s) could not be read before that: ${report.isolatedHosts.join(', ')}.`,
    );
  }
  if (report.incomplete) {
    // Thrown after everything collectable was written: the SDK then reports
    // this step's types as a partial dataset, so findings that could not be
    // re-read are not deleted from the graph.
    throw incompleteError(
      'QUALYS_PARTIAL_HOST_FINDINGS',
      `Host findings are incomplete: ${[...report.problems, report.isolatedHosts.length ? `detections of ${report.isolatedHosts.length} host(s) could not be read: ${report.isolatedHosts.join(', ')}` : '']
        .filter(Boolean)
        .map((problem) => problem.replace(/\.$/, ''))
        .join('; ')}. Everything else was collected.`,
    );
  }
}

async function listHostIds({ client, config }: RunServices): Promise<number[]> {
  const ids: number[] = [];
  for await (const id of iterateHostIds(client, {
    processedAfter: config.vmdr.hostsProcessedAfter,
    tags: config.vmdr.tags,
  })) {
    ids.push(id);
  }
  ids.sort((a, b) => a - b);
  return ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
}

/**
 * Host assets of a batch, keyed by QWEB host id. Never rejects. A user who
 * may not search assets at all gets an empty map: the hosts become discovered
 * hosts, as documented. A lookup that failed gives `undefined`, and is
 * reported: those hosts' findings are written without SCANS or HAS, rather
 * than linked to a discovered host that may really be a cloud instance.
 */
async function fetchAssets(
  client: QualysClient,
  ids: number[],
  report: CollectionReport,
  logger: IntegrationStepExecutionContext['logger'],
  unavailable: { reason?: string },
): Promise<HostAssets | undefined> {
  const assets = new Map<string, HostAsset>();
  if (unavailable.reason) return assets;
  try {
    for (let i = 0; i < ids.length; i += HOST_ASSETS_PER_REQUEST) {
      for await (const asset of iterateHostAssets(client, ids.slice(i, i + HOST_ASSETS_PER_REQUEST))) {
        assets.set(asset.qwebHostId, asset);
      }
    }
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (isQualysError(error) && ['module', 'permission', 'no-api-access'].includes(error.kind)) {
      unavailable.reason = error.message;
      logger.warn({ err: error }, `Host asset search is not available to this user, so hosts are written without cloud (EC2, Azure, GCP) identity: ${error.message}`);
    } else {
      report.problems.push(`host asset search failed for ${ids.length} host(s), so their findings have no SCANS or HAS: ${error.message}`);
      logger.error(
        { err: error, hosts: ids.length },
        `Host asset search failed for ${ids.length} host(s); their findings are written without SCANS or HAS relationships, since their cloud identity is unknown`,
      );
      return undefined;
    }
  }
  return assets;
}

/**
 * Failed sub-batches allowed per step while isolating hosts. One host that
 * never reads costs about one failure per halving (ten for 1,000 hosts); an
 * endpoint that fails for everyone would cost thousands of calls, so past
 * this the step stops and says the endpoint is failing.
 */
const ISOLATION_FAILURE_LIMIT = 24;
// A sub-batch failed once already as part of a larger batch, with the full
// retry policy; one more attempt tells whether it is the one that fails.
const ISOLATION_ATTEMPTS = 2;

interface IsolationBudget {
  failures: number;
  limit: number;
}

/**
 * Detections of a batch of hosts. When a batch keeps failing after the
 * client's retries, it is split and each half tried again, down to single
 * hosts: everything that can be read is, and the hosts that cannot are named.
 */
async function collectDetections(
  services: RunServices,
  ids: number[],
  assets: HostAssets | undefined,
  writer: HostFindingWriter,
  report: CollectionReport,
  logger: IntegrationStepExecutionContext['logger'],
  isolation: IsolationBudget,
  isolating = false,
): Promise<void> {
  const { client, config, knowledgeBase } = services;
  const window = new KnowledgeWindow(
    knowledgeBase,
    (host) => writer.write(host, assets),
    () => client.limiter.capacity('fo') > 1,
  );
  try {
    for await (const host of iterateHostDetections(client, ids, detectionFilters(config), { maxAttempts: isolating ? ISOLATION_ATTEMPTS : undefined })) {
      await window.add(host);
    }
    await window.flush();
    // Hosts Qualys listed as scanned but with no detection in scope were
    // still scanned: they get their SCANS relationship too.
    for (const id of ids) {
      await writer.writeScannedOnly(String(id), assets);
    }
  } catch (err) {
    if (!isQualysError(err) || STOPS_THE_STEP.has(err.kind)) throw err;
    if (isolating && ++isolation.failures > isolation.limit) {
      throw incompleteError(
        'QUALYS_DETECTIONS_FAILING',
        `Detections keep failing for every group of hosts tried (${isolation.failures} failed groups while isolating), so the step stopped rather than ask host by host; the hosts collected so far are written. Last answer: ${err.message}`,
      );
    }
    if (ids.length === 1) {
      report.isolatedHosts.push(String(ids[0]));
      logger.error({ err, hostId: ids[0] }, `Detections of host ${ids[0]} could not be read and are missing from this run: ${err.message}`);
      return;
    }
    report.add('batches split after failures');
    logger.warn(
      { hosts: ids.length, first: ids[0], last: ids[ids.length - 1], kind: (err as QualysError).kind },
      `Detections for ${ids.length} hosts (${ids[0]}..${ids[ids.length - 1]}) failed after retries; splitting the batch to find the host(s) that fail: ${err.message}`,
    );
    const middle = Math.ceil(ids.length / 2);
    await collectDetections(services, ids.slice(0, middle), assets, writer, report, logger, isolation, true);
    await collectDetections(services, ids.slice(middle), assets, writer, report, logger, isolation, true);
  }
}

/** The detection filters of the configuration, as the detection call takes them. */
export function detectionFilters(config: CalculatedConfig): DetectionFilters {
  return {
    severities: config.vmdr.severities,
    types: config.vmdr.types,
    statuses: config.vmdr.statuses,
    updatedAfter: config.vmdr.detectionsUpdatedAfter,
    includeQids: config.vmdr.includeQids,
    excludeQids: config.vmdr.excludeQids,
    tags: config.vmdr.tags,
    withResults: config.vmdr.withResults,
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export const hostFindingSteps: IntegrationStep<QualysIntegrationConfig>[] = [
  {
    id: Steps.HOST_FINDINGS,
    name: 'Fetch Host Findings',
    entities: [Entities.HOST_FINDING],
    relationships: [],
    mappedRelationships: [
      MappedRelationships.HOST_FINDING_IS_VULN,
      MappedRelationships.HOST_FINDING_IS_CVE,
      ...HOST_TARGET_TYPES.flatMap((target) => [
        HostTargetRelationships.SCANS[target],
        HostTargetRelationships.HAS_FINDING[target],
      ]),
    ],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchHostFindings,
  },
];
