import { IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { calculateConfig } from '../config/calculateConfig';
import { CalculatedConfig, QualysIntegrationConfig } from '../config/types';
import { webLinkHostFor } from '../converters/vulnerability';
import { QualysClient } from '../qualys/client';
import { KnowledgeBaseCache } from './knowledgeBaseCache';
import { RunStatistics } from './runStatistics';
import { configError } from '../userFacingError';
import { clientKnobs } from '../config/operatorKnobs';

/** What all steps of one run share: one client (so one limiter) and one knowledge base. */
export interface RunServices {
  config: CalculatedConfig;
  client: QualysClient;
  knowledgeBase: KnowledgeBaseCache;
  statistics: RunStatistics;
}

const SERVICES_KEY = 'qualys:run-services';

/**
 * The run's services, made by the first step that asks and kept in the job's
 * data store, which lives exactly as long as the run: no module-level state
 * outlives it or leaks between runs and tests.
 */
export async function getRunServices(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<RunServices> {
  const existing = await context.jobState.getData<RunServices>(SERVICES_KEY);
  if (existing) return forStep(existing, context.logger);
  const config = calculateConfigForRun(context);
  const client = createClient(config, context.logger);
  const services: RunServices = {
    config,
    client,
    knowledgeBase: new KnowledgeBaseCache(client, webLinkHostFor(config.apiUrl), context.logger),
    statistics: new RunStatistics(),
  };
  await context.jobState.setData(SERVICES_KEY, services);
  return forStep(services, context.logger);
}

/** The shared services, logging with the asking step's logger. */
function forStep(services: RunServices, logger: IntegrationStepExecutionContext['logger']): RunServices {
  return {
    ...services,
    client: services.client.withLogger(logger),
    knowledgeBase: services.knowledgeBase.withLogger(logger),
  };
}

export function calculateConfigForRun(
  context: Pick<IntegrationStepExecutionContext<QualysIntegrationConfig>, 'instance' | 'executionHistory'>,
): CalculatedConfig {
  return calculateConfig(context.instance.config, {
    startedAt: context.executionHistory.current.startedOn ?? Date.now(),
    lastSuccessfulStartedAt:
      context.executionHistory.lastSuccessful?.startedOn ?? lastRunFromEnvironment(),
  });
}

/**
 * Local runs have no execution history; `npm start` remembers the last
 * successful run and passes it here (QUALYS_LAST_SUCCESSFUL_RUN, epoch ms or
 * an ISO date), so scheduled local runs are incremental too.
 */
function lastRunFromEnvironment(): number | undefined {
  const raw = process.env.QUALYS_LAST_SUCCESSFUL_RUN?.trim();
  if (!raw) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(value) || value > Date.now()) {
    throw configError(`Invalid QUALYS_LAST_SUCCESSFUL_RUN "${raw}": give the start of the last successful run as epoch milliseconds or an ISO date in the past, or unset it for a full run.`);
  }
  return value;
}

export function createClient(
  config: CalculatedConfig,
  logger: IntegrationStepExecutionContext['logger'],
): QualysClient {
  // Tuning knobs for operators and tests, not part of the instance config;
  // validateInvocation has already refused invalid ones.
  const knobs = clientKnobs();
  return new QualysClient({
    apiUrl: config.apiUrl,
    username: config.username,
    password: config.password,
    logger,
    idleTimeoutMs: knobs.idleTimeoutMs,
    retry: {
      maxAttempts: knobs.maxAttempts,
      budgetMs: knobs.retryBudgetMs,
      baseDelayMs: knobs.retryBaseMs,
    },
  });
}
