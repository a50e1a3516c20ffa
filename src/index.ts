import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { instanceConfigFields } from './config/instanceConfigFields';
import { QualysIntegrationConfig } from './config/types';
import { getStepStartStates } from './getStepStartStates';
import { accountSteps } from './steps/account';
import { hostFindingSteps } from './steps/hostFindings';
import { runReportSteps } from './steps/runReport';
import { webAppFindingSteps } from './steps/webAppFindings';
import { webAppSteps } from './steps/webApps';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<QualysIntegrationConfig> = {
  instanceConfigFields,
  validateInvocation,
  getStepStartStates,
  integrationSteps: [...accountSteps, ...webAppSteps, ...webAppFindingSteps, ...hostFindingSteps, ...runReportSteps],
};
