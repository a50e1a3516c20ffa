import { IntegrationExecutionContext, StepStartStates } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from './config/types';
import { Steps } from './steps/constants';
import { hostFindingSteps } from './steps/hostFindings';
import { scheduleRunReport } from './steps/runReport';
import { webAppFindingSteps } from './steps/webAppFindings';
import { webAppSteps } from './steps/webApps';
import { calculateConfigForRun } from './steps/runServices';

/** The module switches: a module turned off is not asked for at all. */
export function getStepStartStates(
  context: IntegrationExecutionContext<QualysIntegrationConfig>,
): StepStartStates {
  const config = calculateConfigForRun(context);
  declarePartialWhenIncremental(config.incremental);
  const states: StepStartStates = {
    [Steps.ACCOUNT]: { disabled: false },
    [Steps.HOST_FINDINGS]: { disabled: !config.vmdr.enabled },
    [Steps.WEB_APPS]: { disabled: !config.was.enabled },
    [Steps.WEB_APP_FINDINGS]: { disabled: !config.was.enabled },
  };
  return { ...states, [Steps.RUN_REPORT]: scheduleRunReport(states) };
}

/**
 * An incremental run asks Qualys only for what changed, so what it does not
 * write still exists. Its finding types are declared partial for this run:
 * JupiterOne then keeps the findings it did not see instead of deleting them,
 * while the findings Qualys reports as Fixed are updated to closed.
 *
 * The SDK reads `partial` from the step metadata when the run starts, right
 * after this function, so the flags are set here, for every run, from that
 * run's own configuration.
 */
function declarePartialWhenIncremental(incremental: boolean): void {
  for (const step of [...hostFindingSteps, ...webAppSteps, ...webAppFindingSteps]) {
    for (const metadata of [...step.entities, ...step.relationships, ...(step.mappedRelationships ?? [])]) {
      metadata.partial = incremental || undefined;
    }
  }
}
