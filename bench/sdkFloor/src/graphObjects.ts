import {
  Entity,
  ExplicitRelationship,
  MappedRelationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';

/** Builders for the floor's entities and relationships, all from counters. */

export const FINDING_TYPE = 'bench_floor_finding';
export const TARGET_TYPE = 'bench_floor_host';
export const DIRECT_TYPE = 'bench_floor_finding_has_finding';

/** Most types the floor declares per role; the product uses at most four host kinds and two finding types. */
export const MAX_TYPES_PER_ROLE = 8;

/**
 * The roles a mapped relationship plays in the product's graph. The SDK files
 * each relationship type of a flush separately; the product and the floor both
 * hand relationships over one type at a time (GraphObjectBatcher), so the
 * file count follows the number of types and objects, and the floor
 * reproduces the roles to have the same types in the same proportions.
 * - `has`: finding → its host, one per finding; the type follows the host's kind.
 * - `scans`: service → host, one per host, the same kind as the host.
 * - `finding`: one per finding per type (IS vulnerability, IS CVE), any host.
 * - `other`: everything else (a few, written together at the end).
 */
export type Role = 'has' | 'scans' | 'finding' | 'other';

export const typeName = (role: Role, k: number): string => `bench_floor_${role}_${k}`;

export interface ObjectShape {
  entityProperties: number;
  keyLength: number;
  targetProperties: number;
  /** Length of each filler text, set so objects reach the product's JSON size. */
  entityText: number;
  targetText: number;
}

type Value = string | number | boolean | string[];

/** A target entity as mapped relationships carry it. */
export type Target = Record<string, Value> & { _class: string; _type: string; _key: string };

/**
 * Filler property `slot` of object `owner`: strings, numbers, flags and
 * short lists in the mix a finding has. Built per owner, so no two owners
 * share a string, as no two parsed values would.
 */
function filler(slot: number, owner: number, textLength: number): Value {
  switch (slot % 6) {
    case 1:
    case 4:
      return owner * 64 + slot;
    case 2:
      return (owner + slot) % 2 === 0;
    case 5: {
      const part = Math.max(1, Math.floor(textLength / 3));
      return [0, 1, 2].map((k) => `${k}:${owner}`.padEnd(part, 'l'));
    }
    default:
      return `${slot}:${owner}`.padEnd(textLength, 't');
  }
}

/**
 * A finding's values that the product takes from its host (address, OS,
 * tags, the host target) or from its QID's knowledge-base facts (title,
 * solution, category) are the same objects on every finding of that host or
 * QID. Slots 3 (mod 6) hold such shared text and slots 5 shared lists; the
 * rest are the finding's own. Sharing as much as the product does keeps the
 * floor's garbage, and so its peak memory, at what writing the graph needs.
 */
const sharedSlot = (slot: number): boolean => slot % 6 === 3 || slot % 6 === 5;

/** What every finding of one host shares. */
export interface HostValues {
  host: number;
  shared: Map<number, Value>;
  target: Target;
}

export function hostValues(host: number, shape: ObjectShape): HostValues {
  const shared = new Map<number, Value>();
  for (let slot = BASE_PROPERTIES; slot < shape.entityProperties; slot++) {
    if (sharedSlot(slot)) shared.set(slot, filler(slot, host, shape.entityText));
  }
  return { host, shared, target: createTarget('host', host, shape) };
}

export function createTarget(kind: string, owner: number, shape: ObjectShape): Target {
  const target: Target = { _class: 'Host', _type: TARGET_TYPE, _key: `bench-floor-${kind}:${owner}` };
  for (let slot = 3; slot < shape.targetProperties; slot++) target[`t${slot}`] = filler(slot, owner, shape.targetText);
  return target;
}

export function entityKey(index: number, keyLength: number): string {
  return `bff:${String(index).padStart(keyLength - 4, '0')}`;
}

/** Properties every finding has before the fillers (see createFinding). */
const BASE_PROPERTIES = 10;

export function createFinding(index: number, host: HostValues, shape: ObjectShape): Entity {
  const key = entityKey(index, shape.keyLength);
  // One string for both, as the product's title is.
  const name = `Floor finding ${index}`;
  const entity: Entity = {
    _class: 'Finding',
    _type: FINDING_TYPE,
    _key: key,
    id: key,
    name,
    displayName: name,
    category: 'host',
    severity: 'medium',
    numericSeverity: 6,
    open: true,
  };
  for (let slot = BASE_PROPERTIES; slot < shape.entityProperties; slot++) {
    entity[`p${slot}`] = host.shared.get(slot) ?? filler(slot, index, shape.entityText);
  }
  return entity;
}

/**
 * A mapped relationship from the finding keyed `sourceKey` to `target`;
 * `suffix` makes its key unique per source. The source's own key string is
 * reused, as the product does, so the SDK's key index holds what it would.
 */
export function createMapped(type: string, sourceKey: string, target: Target, suffix: string): MappedRelationship {
  return {
    _class: RelationshipClass.HAS,
    _type: type,
    _key: `${sourceKey}|${suffix}`,
    displayName: 'HAS',
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: sourceKey,
      targetFilterKeys: [['_type', '_key']],
      targetEntity: target,
      skipTargetCreation: false,
    },
  };
}

export function createDirect(index: number, entities: number, keyLength: number): ExplicitRelationship {
  const from = entityKey(index % entities, keyLength);
  const to = entityKey((index + 1) % entities, keyLength);
  return {
    _class: RelationshipClass.HAS,
    _type: DIRECT_TYPE,
    _key: `${from}|d${index}`,
    _fromEntityKey: from,
    _toEntityKey: to,
    displayName: 'HAS',
  };
}

/**
 * The text length that makes an object `targetBytes` of JSON: the size grows
 * linearly with it, so two probes give the answer.
 */
export function textLengthFor(targetBytes: number, build: (textLength: number) => object): number {
  const small = JSON.stringify(build(4)).length;
  const large = JSON.stringify(build(44)).length;
  const perChar = (large - small) / 40;
  if (perChar <= 0) return 4;
  return Math.max(1, Math.round(4 + (targetBytes - small) / perChar));
}

/** Cumulative shares (0..1] of comma-separated counts, at most MAX_TYPES_PER_ROLE of them. */
export function cumulativeShares(weights: string | undefined): number[] {
  const counts = (weights ?? '')
    .split(',')
    .map(Number)
    .filter((w) => Number.isFinite(w) && w > 0)
    .slice(0, MAX_TYPES_PER_ROLE);
  const total = counts.reduce((a, b) => a + b, 0);
  let sum = 0;
  return counts.map((c) => (sum += c) / total);
}

/**
 * Which of the shared-out types the n-th pick gets: a low-discrepancy walk,
 * so every stretch of picks has the given mix.
 */
export function pick(n: number, shares: number[]): number {
  return shareAt((n * 0.6180339887498949) % 1, shares);
}

/**
 * Like `pick`, but scattered as a random draw would be. Host kinds are drawn
 * this way: the product's hosts come in random kinds, so a short stretch of
 * hosts often lacks one kind, and then the SDK writes one file fewer.
 */
export function pickScattered(n: number, shares: number[]): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return shareAt((h >>> 0) / 2 ** 32, shares);
}

function shareAt(position: number, shares: number[]): number {
  const at = shares.findIndex((share) => position < share);
  return at < 0 ? Math.max(0, shares.length - 1) : at;
}
