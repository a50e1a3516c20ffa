import { IntegrationExecutionContext, StepStartStates } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from './config/types';
import { Steps } from './steps/constants';
import { calculateConfigForRun } from './steps/runServices';

/** The module switches: a module turned off is not asked for at all. */
export function getStepStartStates(
  context: IntegrationExecutionContext<QualysIntegrationConfig>,
): StepStartStates {
  const config = calculateConfigForRun(context);
  return {
    [Steps.ACCOUNT]: { disabled: false },
    [Steps.HOST_FINDINGS]: { disabled: !config.vmdr.enabled },
    [Steps.WEB_APPS]: { disabled: !config.was.enabled },
    [Steps.WEB_APP_FINDINGS]: { disabled: !config.was.enabled },
  };
}
