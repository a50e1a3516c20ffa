import {
  Entity,
  ExecutionHistory,
  IntegrationLogger,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { buildStepDependencyGraph } from '@jupiterone/integration-sdk-runtime';
import {
  createMockExecutionContext,
  createMockStepExecutionContext,
} from '@jupiterone/integration-sdk-testing';
import { QualysIntegrationConfig } from '../../src/config/types';
import { invocationConfig } from '../../src';

export interface CollectionResult {
  /** Set when validateInvocation refused the run; no step ran then. */
  validationError?: Error;
  stepErrors: Map<string, Error>;
  disabledSteps: string[];
  entities: Entity[];
  relationships: Relationship[];
  /** Every log call, as text (message and fields), for leak and wording checks. */
  logs: string[];
}

/**
 * Runs the integration the way `j1-integration collect` does (validation,
 * start states, every step in dependency order over one job state), in
 * process, so tests can look at everything it produced and logged.
 */
export async function runCollection(
  instanceConfig: QualysIntegrationConfig,
  executionHistory?: ExecutionHistory,
): Promise<CollectionResult> {
  const logs: string[] = [];
  const result: CollectionResult = { stepErrors: new Map(), disabledSteps: [], entities: [], relationships: [], logs };

  const executionContext = createMockExecutionContext({ instanceConfig, executionHistory });
  executionContext.logger = recordingLogger(executionContext.logger, logs);
  try {
    await invocationConfig.validateInvocation?.(executionContext);
  } catch (err) {
    result.validationError = err as Error;
    return result;
  }
  const startStates = await invocationConfig.getStepStartStates?.(executionContext);

  const context = createMockStepExecutionContext({ instanceConfig, executionHistory });
  const graph = buildStepDependencyGraph(invocationConfig.integrationSteps);
  for (const stepId of graph.overallOrder()) {
    if (startStates?.[stepId]?.disabled) {
      result.disabledSteps.push(stepId);
      continue;
    }
    const step = graph.getNodeData(stepId);
    const stepContext = { ...context, logger: recordingLogger(context.logger, logs) };
    try {
      await step.executionHandler(stepContext);
    } catch (err) {
      result.stepErrors.set(stepId, err as Error);
    }
  }
  result.entities = context.jobState.collectedEntities;
  result.relationships = context.jobState.collectedRelationships;
  return result;
}

/** Wraps a logger so every call is also kept as text. */
function recordingLogger(logger: IntegrationLogger, into: string[]): IntegrationLogger {
  return new Proxy(logger, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        into.push(`${String(property)} ${args.map(describe).join(' ')}`);
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        return property === 'child' ? recordingLogger(out as IntegrationLogger, into) : out;
      };
    },
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${value.stack ?? ''}`;
  try {
    return typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? `${v.message} ${v.stack}` : v));
  } catch {
    return String(value);
  }
}
