import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
  IntegrationInvocationConfig,
  IntegrationStepExecutionContext,
  MappedRelationship,
  RelationshipClass,
  RelationshipDirection,
  StepMappedRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import {
  DIRECT_TYPE,
  FINDING_TYPE,
  MAX_TYPES_PER_ROLE,
  ObjectShape,
  HostValues,
  Role,
  TARGET_TYPE,
  Target,
  createDirect,
  createFinding,
  createMapped,
  createTarget,
  entityKey,
  hostValues,
  cumulativeShares,
  pick,
  pickScattered,
  textLengthFor,
  typeName,
} from './graphObjects';
import { entityBatcher, relationshipBatcher } from '../../../src/steps/graphObjectBatcher';

/**
 * The SDK floor: an integration with one step that writes, from counters,
 * exactly as many entities and relationships as a product run wrote, shaped
 * like them (property count, key length, JSON size, mapped relationships
 * carrying a target entity, the same roles of relationship types in the same
 * order of writing), and does nothing else. Run through the same
 * `j1-integration collect`, it costs what the SDK costs for that graph, so
 * what the product spends above it is the product's own.
 *
 * Every setting comes from the environment (FLOOR_ENTITIES, ...), as the CLI
 * reads instance config fields; bench/floorPlan.ts derives them from a
 * product run.
 */

interface FloorConfig extends IntegrationInstanceConfig {
  floorEntities?: string;
  floorDirectRelationships?: string;
  /** Counts of `has` relationships per host kind, comma-separated. */
  floorHasWeights?: string;
  floorScans?: string;
  /** Counts per per-finding relationship type, comma-separated. */
  floorFindingWeights?: string;
  floorOtherWeights?: string;
  floorEntityProperties?: string;
  floorEntityBytes?: string;
  floorKeyLength?: string;
  floorTargetProperties?: string;
  floorRelationshipBytes?: string;
}

const FIELDS: (keyof FloorConfig)[] = [
  'floorEntities', 'floorDirectRelationships', 'floorHasWeights', 'floorScans', 'floorFindingWeights',
  'floorOtherWeights', 'floorEntityProperties', 'floorEntityBytes', 'floorKeyLength', 'floorTargetProperties',
  'floorRelationshipBytes',
];
const instanceConfigFields = Object.fromEntries(
  FIELDS.map((field) => [field, { type: 'string', optional: true }]),
) as IntegrationInstanceConfigFieldMap<FloorConfig>;

/** Findings per host when the plan names no host count (no `scans` relationships). */
const FINDINGS_PER_HOST = 20;
/** Targets of per-finding relationships are shared per QID in the product; the simulator has about 150 QIDs. */
const QID_POOL = 150;

function whole(value: string | undefined, fallback: number): number {
  const parsed = Math.round(Number(value));
  return value !== undefined && Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

const sum = (weights: string | undefined): number =>
  (weights ?? '').split(',').map(Number).filter((w) => Number.isFinite(w) && w > 0).slice(0, MAX_TYPES_PER_ROLE).reduce((a, b) => a + b, 0);

async function writeFloor(context: IntegrationStepExecutionContext<FloorConfig>): Promise<void> {
  const config = context.instance.config;
  const { jobState } = context;
  const entities = Math.max(1, whole(config.floorEntities, 1000));
  const totals = {
    has: sum(config.floorHasWeights),
    scans: whole(config.floorScans, 0),
    finding: sum(config.floorFindingWeights),
  };
  const shares = {
    has: cumulativeShares(config.floorHasWeights),
    finding: cumulativeShares(config.floorFindingWeights),
    other: cumulativeShares(config.floorOtherWeights),
  };
  const hosts = Math.max(1, Math.min(entities, totals.scans || Math.ceil(entities / FINDINGS_PER_HOST)));
  const shape: ObjectShape = {
    entityProperties: Math.max(10, whole(config.floorEntityProperties, 44)),
    keyLength: Math.max(12, whole(config.floorKeyLength, 25)),
    targetProperties: Math.max(4, whole(config.floorTargetProperties, 17)),
    entityText: 0,
    targetText: 0,
  };
  shape.entityText = textLengthFor(whole(config.floorEntityBytes, 1500), (t) => {
    const probe = { ...shape, entityText: t };
    return createFinding(entities >> 1, hostValues(hosts >> 1, probe), probe);
  });
  shape.targetText = textLengthFor(whole(config.floorRelationshipBytes, 780), (t) => {
    const probe = { ...shape, targetText: t };
    return createMapped(typeName('has', 0), entityKey(entities >> 1, shape.keyLength), createTarget('host', hosts >> 1, probe), 'm0');
  });
  const qidTargets: Target[] = [];
  const qidTarget = (n: number): Target => {
    const k = (n * 7919) % QID_POOL;
    return (qidTargets[k] ??= createTarget('qid', k, shape));
  };

  // Written as the product writes: host by host, each finding followed by
  // its relationships, the host's SCANS before its first finding, and the
  // entities and relationships handed to the SDK in batches of one type, as
  // the product hands them (see GraphObjectBatcher: that decides how many
  // files are written).
  const findings = entityBatcher(jobState);
  const batcher = relationshipBatcher(jobState);
  const written = { has: 0, scans: 0, finding: 0, other: 0 };
  const hostOf = (i: number): number => Math.floor((i * hosts) / entities);
  let host: HostValues | undefined;
  for (let i = 0; i < entities; i++) {
    const firstOfHost = host?.host !== hostOf(i);
    if (!host || firstOfHost) host = hostValues(hostOf(i), shape);
    const kind = pickScattered(host.host, shares.has);
    const finding = createFinding(i, host, shape);
    const batch: MappedRelationship[] = [];
    const add = (role: Role, k: number, target: Target): void => {
      batch.push(createMapped(typeName(role, k), finding._key, target, `m${batch.length}`));
      written[role]++;
    };
    if (firstOfHost && written.scans < totals.scans) add('scans', kind, host.target);
    while (written.has < Math.floor((totals.has * (i + 1)) / entities)) add('has', kind, host.target);
    while (written.finding < Math.floor((totals.finding * (i + 1)) / entities)) {
      add('finding', pick(written.finding, shares.finding), qidTarget(written.finding));
    }
    await findings.add([finding]);
    await batcher.add(batch);
  }

  // Leftovers and the few relationships of other roles, together at the end.
  const tail: MappedRelationship[] = [];
  for (let n = written.scans; n < totals.scans; n++) {
    const target = createTarget('host', hosts + n, shape);
    tail.push(createMapped(typeName('scans', pickScattered(n, shares.has)), entityKey(n % entities, shape.keyLength), target, `s${n}`));
  }
  const others = sum(config.floorOtherWeights);
  for (let n = 0; n < others; n++) {
    tail.push(createMapped(typeName('other', pick(n, shares.other)), entityKey(n % entities, shape.keyLength), qidTarget(n), `o${n}`));
  }
  await findings.flush();
  await batcher.add(tail);
  await batcher.flush();
  const direct = whole(config.floorDirectRelationships, 0);
  for (let n = 0; n < direct; n++) await jobState.addRelationship(createDirect(n, entities, shape.keyLength));

  context.logger.info({ entities, hosts, ...written, tail: tail.length, direct, shape }, 'SDK floor written');
}

const ROLES: Role[] = ['has', 'scans', 'finding', 'other'];
const mappedRelationships: StepMappedRelationshipMetadata[] = ROLES.flatMap((role) =>
  Array.from({ length: MAX_TYPES_PER_ROLE }, (_, k) => ({
    _type: typeName(role, k),
    _class: RelationshipClass.HAS,
    sourceType: FINDING_TYPE,
    targetType: TARGET_TYPE,
    direction: RelationshipDirection.FORWARD,
  })),
);

export const invocationConfig: IntegrationInvocationConfig<FloorConfig> = {
  instanceConfigFields,
  integrationSteps: [
    {
      id: 'write-floor',
      name: 'Write the SDK floor graph',
      entities: [{ resourceName: 'Floor finding', _type: FINDING_TYPE, _class: 'Finding' }],
      relationships: [
        { _type: DIRECT_TYPE, _class: RelationshipClass.HAS, sourceType: FINDING_TYPE, targetType: FINDING_TYPE },
      ],
      mappedRelationships,
      executionHandler: writeFloor,
    },
  ],
};
