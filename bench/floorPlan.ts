import { GraphCensus } from './graphCensus';

/**
 * Turns what a product run wrote into the SDK floor's instructions
 * (bench/sdkFloor reads them as FLOOR_* settings): the same numbers of
 * entities and relationships, the same average shape, and the product's
 * mapped relationship types sorted into the roles the floor reproduces.
 */

/** `aws_instance_has_qualys_host_finding` and the like: one per finding, typed by the host's kind. */
const HAS_HOST = /_has_qualys_host_finding$/;
/** `qualys_vulnerability_manager_scans_aws_instance` and the like: one per host. */
const SCANS_HOST = /^qualys_vulnerability_manager_scans_/;
/** `qualys_host_finding_is_vuln`, `..._is_cve`: per finding, whatever the host. */
const PER_FINDING = /^qualys_host_finding_/;

const weights = (counts: number[]): string => counts.sort((a, b) => b - a).join(',');

export function floorPlan(census: GraphCensus): Record<string, string> {
  const has: number[] = [];
  const finding: number[] = [];
  const other: number[] = [];
  let scans = 0;
  for (const [type, count] of Object.entries(census.mappedByType)) {
    if (HAS_HOST.test(type)) has.push(count);
    else if (SCANS_HOST.test(type)) scans += count;
    else if (PER_FINDING.test(type)) finding.push(count);
    else other.push(count);
  }
  return {
    FLOOR_ENTITIES: String(census.entities),
    FLOOR_DIRECT_RELATIONSHIPS: String(census.directRelationships),
    FLOOR_HAS_WEIGHTS: weights(has),
    FLOOR_SCANS: String(scans),
    FLOOR_FINDING_WEIGHTS: weights(finding),
    FLOOR_OTHER_WEIGHTS: weights(other),
    FLOOR_ENTITY_PROPERTIES: String(Math.round(census.entityShape.properties)),
    FLOOR_ENTITY_BYTES: String(Math.round(census.entityShape.bytes)),
    FLOOR_KEY_LENGTH: String(Math.round(census.entityShape.keyLength)),
    FLOOR_TARGET_PROPERTIES: String(Math.round(census.mappedShape.targetProperties)),
    FLOOR_RELATIONSHIP_BYTES: String(Math.round(census.mappedShape.bytes)),
  };
}
