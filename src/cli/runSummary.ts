import fs from 'node:fs';
import path from 'node:path';

export interface StepOutcome {
  id: string;
  name: string;
  status: string;
}

export interface GraphCounts {
  entities: Map<string, number>;
  relationships: Map<string, number>;
}

/** Step statuses from the SDK's summary.json, written at the end of collect. */
export function readStepOutcomes(storageDir: string): StepOutcome[] | undefined {
  const file = path.join(storageDir, 'summary.json');
  if (!fs.existsSync(file)) return undefined;
  const summary = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    integrationStepResults?: Array<{ id: string; name: string; status: string }>;
  };
  return (summary.integrationStepResults ?? []).map(({ id, name, status }) => ({ id, name, status }));
}

/**
 * A step that neither succeeded nor was turned off did not do its job. A step
 * that only ran after a dependency failed is not a failure of its own: the
 * failed dependency is what gets reported.
 */
export function isHealthy(outcome: StepOutcome): boolean {
  return ['success', 'disabled', 'partial_success_due_to_dependency_failure'].includes(outcome.status);
}

/** Counts the written graph by `_type`, reading one file at a time. */
export function countGraph(storageDir: string): GraphCounts {
  const counts: GraphCounts = { entities: new Map(), relationships: new Map() };
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const doc = JSON.parse(fs.readFileSync(full, 'utf8')) as {
          entities?: Array<{ _type: string }>;
          relationships?: Array<{ _type: string }>;
        };
        for (const e of doc.entities ?? []) counts.entities.set(e._type, (counts.entities.get(e._type) ?? 0) + 1);
        for (const r of doc.relationships ?? []) counts.relationships.set(r._type, (counts.relationships.get(r._type) ?? 0) + 1);
      }
    }
  };
  walk(path.join(storageDir, 'graph'));
  return counts;
}
