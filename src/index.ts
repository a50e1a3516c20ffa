import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { instanceConfigFields } from './config/instanceConfigFields';
import { QualysIntegrationConfig } from './config/types';
import { getStepStartStates } from './getStepStartStates';
import { recordingFailures } from './steps/recordingFailures';
import { REPORTED_STEPS, runReportSteps } from './steps/runReport';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<QualysIntegrationConfig> = {
  instanceConfigFields,
  validateInvocation,
  getStepStartStates,
  integrationSteps: [
    // Every step the run report covers keeps its failure for the report.
    ...REPORTED_STEPS.map((step) => ({
      ...step,
      executionHandler: recordingFailures(step.id, step.executionHandler),
    })),
    ...runReportSteps,
  ],
};
