import { Entity, JobState, Relationship, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { createHostFindingEntity, createHostHasFindingRelationship, createScansHostRelationship } from '../converters/hostFinding';
import { HostTarget, createHostTarget } from '../converters/hostTarget';
import { VULNERABILITY_MANAGER_KEY } from '../converters/keys';
import { createIsCveRelationships, createIsVulnRelationship } from '../converters/vulnerability';
import { ClientLogger } from '../qualys/client';
import { HostAsset } from '../qualys/operations/hostAssets';
import { DetectionHost } from '../qualys/operations/hostDetections';
import { CollectionReport } from './collectionReport';
import { HostTargetRelationships, MappedRelationships } from './constants';
import { KnowledgeBaseCache } from './knowledgeBaseCache';
import { GraphObjectBatcher, entityBatcher, relationshipBatcher } from './graphObjectBatcher';
import { RunStatistics } from './runStatistics';

/** Cloud identity of a batch's hosts, by QWEB host id. */
export type HostAssets = ReadonlyMap<string, HostAsset>;

/**
 * Writes one host's part of the graph: its SCANS target, and for each
 * detection in scope the finding with its IS and HAS relationships. Writing is
 * idempotent: a host already written (a repeated HOST block, a batch retried
 * after a failure) is recognised by its SCANS key and left alone, and a
 * detection repeated within a block by its finding key.
 */
export class HostFindingWriter {
  private readonly types: Set<string>;
  /** Hosts written without a target (failed asset lookups only), to tell a repeated block. */
  private readonly hostsWithoutTarget = new Set<string>();
  private readonly findings: GraphObjectBatcher<Entity>;
  private readonly relationships: GraphObjectBatcher<Relationship>;

  constructor(
    jobState: JobState,
    private readonly knowledgeBase: KnowledgeBaseCache,
    private readonly report: CollectionReport,
    private readonly logger: ClientLogger,
    types: readonly string[],
    private readonly statistics: RunStatistics,
  ) {
    this.types = new Set(types.map((t) => t.toLowerCase()));
    this.findings = entityBatcher(jobState);
    // A host already written is recognised by its SCANS key (see writeScans).
    this.relationships = relationshipBatcher(jobState, (r) => r._class === RelationshipClass.SCANS);
  }

  /** Hands the findings and relationships still held to the SDK; run once when the step ends, however it ends. */
  async flush(): Promise<void> {
    await this.findings.flush();
    await this.relationships.flush();
  }

  /** A listed host that had no detection in scope: only its SCANS target. */
  async writeScannedOnly(hostId: string, assets: HostAssets | undefined): Promise<void> {
    // Without its cloud identity the host's target is unknown: no SCANS
    // rather than one to a wrong (discovered) host.
    if (!assets) return;
    const written = await this.writeScans({ id: hostId, tags: [], detections: [], skipped: [] }, assets.get(hostId));
    if (written) this.report.add('hosts without detections in scope');
  }

  /**
   * `assets` is undefined when the batch's asset lookup failed: the host's
   * findings are written, with their IS relationships, but no SCANS or HAS,
   * since the host could be an EC2, Azure or GCP instance as well as a
   * discovered host (the step is then incomplete, so nothing is deleted).
   */
  async write(host: DetectionHost, assets: HostAssets | undefined): Promise<void> {
    const target = assets ? await this.writeScans(host, assets.get(host.id)) : undefined;
    const repeated = assets ? !target : this.hostsWithoutTarget.has(host.id);
    if (repeated) {
      this.report.skip('repeated host blocks');
      this.logger.debug({ hostId: host.id }, 'Host already written in this run; repeated block ignored');
      return;
    }
    if (!assets) {
      this.hostsWithoutTarget.add(host.id);
      this.report.add('hosts written without SCANS or HAS (their asset lookup failed)');
    }
    this.report.add('hosts with detections');

    if (host.skipped.length) {
      this.report.skip('detections with an unreadable QID', host.skipped.length);
      this.logger.warn(
        { hostId: host.id, values: host.skipped.map((s) => s.value) },
        `Skipped ${host.skipped.length} detection(s) of host ${host.id} whose QID is not a number (garbled or empty): ${host.skipped.map((s) => JSON.stringify(s.value)).join(', ')}`,
      );
    }

    const hasType = target && HostTargetRelationships.HAS_FINDING[target._type]._type;
    // Gathered per host, then batched by type for the SDK (GraphObjectBatcher).
    const findings: Entity[] = [];
    const relationships: Relationship[] = [];
    const keys = new Set<string>();
    for (const detection of host.detections) {
      if (detection.type && !this.types.has(detection.type.toLowerCase())) {
        this.report.skip(`detections of type ${detection.type} (not configured)`);
        continue;
      }
      const facts = this.knowledgeBase.get(detection.qid);
      const finding = createHostFindingEntity(host, detection, facts, target);
      // Only this block can hold this host's findings (their keys start with
      // the host id, and a host already written was turned away above), so
      // a repeat is found here without asking the SDK once per finding.
      if (keys.has(finding._key)) {
        this.report.skip('repeated detections');
        continue;
      }
      keys.add(finding._key);
      findings.push(finding);
      if (target && hasType) relationships.push(createHostHasFindingRelationship(finding._key, hasType, target));
      relationships.push(
        ...(facts ? [createIsVulnRelationship(finding._key, MappedRelationships.HOST_FINDING_IS_VULN._type, facts)] : []),
        ...createIsCveRelationships(finding._key, MappedRelationships.HOST_FINDING_IS_CVE._type, facts?.cveIds ?? []),
      );
      this.report.add('findings');
      if (!facts) this.report.add('findings whose QID the knowledge base lacks');
      this.report.finding(String(finding.severity), detection.status);
      this.statistics.hostFinding({
        severity: String(finding.severity),
        status: detection.status,
        qid: detection.qid,
        title: facts?.title,
        cveIds: facts?.cveIds,
      });
    }
    await this.findings.add(findings);
    await this.relationships.add(relationships);
  }

  /** Writes the host's SCANS relationship; `undefined` when it already was. */
  private async writeScans(host: DetectionHost, asset: HostAsset | undefined): Promise<HostTarget | undefined> {
    const target = createHostTarget(host, asset);
    const scans = createScansHostRelationship(
      VULNERABILITY_MANAGER_KEY,
      HostTargetRelationships.SCANS[target._type]._type,
      host.id,
      target,
    );
    if (await this.relationships.has(scans._key)) return undefined;
    await this.relationships.add([scans]);
    this.report.add('hosts processed');
    this.statistics.host(target._type);
    if (!asset) this.report.add('hosts without asset record');
    return target;
  }
}
