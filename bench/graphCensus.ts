import fs from 'node:fs';
import path from 'node:path';

/**
 * Counts what a `collect` run wrote, reading the graph files one at a time
 * (a 50k-host run writes gigabytes; no file is large, the sum is), and the
 * step outcomes from summary.json. Also measures the shape of what was
 * written, so the SDK floor can write objects of the same size.
 */

export interface StepOutcome {
  id: string;
  status: string;
}

export interface GraphCensus {
  steps: StepOutcome[];
  /** Types the SDK reported as partial datasets (a failed step's types). */
  partialTypes: string[];
  entities: number;
  relationships: number;
  mappedRelationships: number;
  directRelationships: number;
  entitiesByType: Record<string, number>;
  relationshipsByType: Record<string, number>;
  /** Mapped relationships by `_type`. */
  mappedByType: Record<string, number>;
  /** Averages over all entities: own properties, `_key` length, JSON size. */
  entityShape: { properties: number; keyLength: number; bytes: number };
  /** Averages over mapped relationships: target entity properties, JSON size. */
  mappedShape: { targetProperties: number; bytes: number };
  graphFiles: number;
}

interface Summary {
  integrationStepResults?: Array<{ id?: string; status?: string }>;
  metadata?: { partialDatasets?: { types?: string[] } };
}

type GraphObject = Record<string, unknown>;

export function censusOf(outputDir: string): GraphCensus {
  const summaryFile = path.join(outputDir, 'summary.json');
  const summary: Summary = fs.existsSync(summaryFile) ? (JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Summary) : {};
  const census: GraphCensus = {
    steps: (summary.integrationStepResults ?? []).map((s) => ({ id: s.id ?? '?', status: s.status ?? '?' })),
    partialTypes: summary.metadata?.partialDatasets?.types ?? [],
    entities: 0,
    relationships: 0,
    mappedRelationships: 0,
    directRelationships: 0,
    entitiesByType: {},
    relationshipsByType: {},
    mappedByType: {},
    entityShape: { properties: 0, keyLength: 0, bytes: 0 },
    mappedShape: { targetProperties: 0, bytes: 0 },
    graphFiles: 0,
  };
  const sums = { properties: 0, keyLength: 0, entityBytes: 0, targetProperties: 0, mappedBytes: 0 };

  for (const file of graphFiles(path.join(outputDir, 'graph'))) {
    census.graphFiles++;
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { entities?: GraphObject[]; relationships?: GraphObject[] };
    for (const entity of content.entities ?? []) {
      census.entities++;
      bump(census.entitiesByType, String(entity._type));
      sums.properties += Object.keys(entity).length;
      sums.keyLength += String(entity._key).length;
      sums.entityBytes += JSON.stringify(entity).length;
    }
    for (const relationship of content.relationships ?? []) {
      census.relationships++;
      const type = String(relationship._type);
      bump(census.relationshipsByType, type);
      const mapping = relationship._mapping as { targetEntity?: GraphObject } | undefined;
      if (!mapping) {
        census.directRelationships++;
        continue;
      }
      census.mappedRelationships++;
      bump(census.mappedByType, type);
      sums.targetProperties += Object.keys(mapping.targetEntity ?? {}).length;
      sums.mappedBytes += JSON.stringify(relationship).length;
    }
  }

  const per = (sum: number, n: number): number => (n ? sum / n : 0);
  census.entityShape = {
    properties: per(sums.properties, census.entities),
    keyLength: per(sums.keyLength, census.entities),
    bytes: per(sums.entityBytes, census.entities),
  };
  census.mappedShape = {
    targetProperties: per(sums.targetProperties, census.mappedRelationships),
    bytes: per(sums.mappedBytes, census.mappedRelationships),
  };
  return census;
}

/** Steps that did not succeed, as "id: status"; empty when all did. */
export function failedSteps(census: GraphCensus): string[] {
  if (census.steps.length === 0) return ['no summary.json (the run did not finish)'];
  return census.steps.filter((s) => s.status !== 'success').map((s) => `${s.id}: ${s.status}`);
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** `graph/<step>/{entities,relationships}/<uuid>.json`, depth first. */
function* graphFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* graphFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.json')) yield full;
  }
}
