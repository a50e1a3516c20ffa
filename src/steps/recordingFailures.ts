import { IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from '../config/types';
import { getRunServices } from './runServices';

type StepHandler = (context: IntegrationStepExecutionContext<QualysIntegrationConfig>) => void | Promise<void>;

/**
 * The step's handler, with its failure message kept for the run report
 * before the error goes on to the SDK. The SDK tells later steps only that a
 * step failed, never why; the report then says why, as the log does.
 */
export function recordingFailures(stepId: string, handler: StepHandler): (context: IntegrationStepExecutionContext<QualysIntegrationConfig>) => Promise<void> {
  return async (context) => {
    try {
      await handler(context);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Best effort: a run whose services cannot be made has nothing to report into.
      const services = await getRunServices(context).catch(() => undefined);
      services?.statistics.stepFailure(stepId, message);
      throw err;
    }
  };
}
