import fs from 'node:fs';
import path from 'node:path';
import {
  IntegrationError,
  IntegrationInfoEventName,
  IntegrationStep,
  IntegrationStepExecutionContext,
  StepStartState,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { CalculatedConfig, QualysIntegrationConfig } from '../config/types';
import { configuredReportPath } from '../config/operatorKnobs';
import { renderReport } from '../report/renderReport';
import { StepEvidence, buildRunReport } from '../report/reportData';
import { describeRun, summaryFields } from '../report/summaryLine';
import { withoutStack } from '../userFacingError';
import { accountSteps } from './account';
import { DataKeys, Steps } from './constants';
import { hostFindingSteps } from './hostFindings';
import { getRunServices } from './runServices';
import { webAppFindingSteps } from './webAppFindings';
import { webAppSteps } from './webApps';
import { RunStatistics } from './runStatistics';

export const REPORT_FILE_NAME = 'qualys-report.html';

/** The steps the report is about, in the order it lists them. */
export const REPORTED_STEPS = [...accountSteps, ...webAppSteps, ...webAppFindingSteps, ...hostFindingSteps];

/**
 * Where the HTML report goes: QUALYS_REPORT_PATH when set (refused before the
 * run by config/operatorKnobs when plainly unwritable), else beside the
 * collected graph in the SDK's storage directory.
 */
export function reportPath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const explicit = configuredReportPath(env, cwd);
  if (explicit) return explicit;
  const storage = env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY ?? path.join(cwd, '.j1-integration');
  return path.resolve(cwd, storage, REPORT_FILE_NAME);
}

/**
 * The last step: the run's figures as one log line with structured fields,
 * an info event, and a self-contained HTML page for the operator.
 */
export async function buildRunReportStep(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const { config, client, statistics } = await getRunServices(context);
  const report = buildRunReport({
    apiUrl: config.apiUrl.origin,
    incremental: config.incremental,
    startedAt: config.runStartedAt,
    finishedAt: Date.now(),
    statistics,
    client: client.stats,
    steps: await stepEvidence(context, config, statistics),
    hostStepId: Steps.HOST_FINDINGS,
  });
  const summary = describeRun(report);
  const file = reportPath();

  let failure: Error | undefined;
  try {
    writeAtomically(file, renderReport(report));
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  }

  context.logger.info(
    { ...summaryFields(report), reportPath: failure ? undefined : file },
    failure ? summary : `${summary}. HTML report: ${file}`,
  );
  context.logger.publishInfoEvent({ name: IntegrationInfoEventName.Results, description: summary });

  if (failure) {
    throw withoutStack(
      new IntegrationError({
        code: 'QUALYS_RUN_REPORT_NOT_WRITTEN',
        message: `The run report could not be written to ${file} (${failure.message}). The collection itself is unaffected; set QUALYS_REPORT_PATH to a writable file path to keep the report.`,
        cause: failure,
      }),
    );
  }
}

/**
 * Which steps ran to their end. The collection steps publish a report or
 * leave data for the steps after them only when they get that far, so the
 * absence of both means the step threw (or never ran).
 */
async function stepEvidence(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
  config: CalculatedConfig,
  statistics: RunStatistics,
): Promise<StepEvidence[]> {
  const enabled: Record<string, boolean> = {
    [Steps.ACCOUNT]: true,
    [Steps.WEB_APPS]: config.was.enabled,
    [Steps.WEB_APP_FINDINGS]: config.was.enabled,
    [Steps.HOST_FINDINGS]: config.vmdr.enabled,
  };
  const leftData: Record<string, string> = {
    [Steps.ACCOUNT]: DataKeys.PORTAL_VERSION,
    [Steps.WEB_APPS]: DataKeys.WEB_APP_IDS,
  };
  const evidence: StepEvidence[] = [];
  for (const step of REPORTED_STEPS) {
    const key = leftData[step.id];
    evidence.push({
      id: step.id,
      name: step.name,
      enabled: enabled[step.id] ?? true,
      finished: key !== undefined && (await context.jobState.getData(key)) !== undefined,
      report: statistics.steps.get(step.id),
      failure: statistics.failures.get(step.id),
    });
  }
  return evidence;
}

/** Written beside its final name, then renamed: a reader never sees half a page. */
function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content, 'utf8');
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}

/**
 * The report's start state. Its dependencies are narrowed to the steps that
 * will run, because the SDK never starts a step with a disabled dependency:
 * with WAS or VMDR turned off, the report would otherwise not run at all.
 */
export function scheduleRunReport(states: StepStartStates): StepStartState {
  runReportStep.dependsOn = REPORTED_STEPS.map((s) => s.id).filter((id) => !states[id]?.disabled);
  return { disabled: false };
}

const runReportStep: IntegrationStep<QualysIntegrationConfig> = {
  id: Steps.RUN_REPORT,
  name: 'Build Run Report',
  entities: [],
  relationships: [],
  dependsOn: REPORTED_STEPS.map((s) => s.id),
  executionHandler: buildRunReportStep,
};

export const runReportSteps: IntegrationStep<QualysIntegrationConfig>[] = [runReportStep];
