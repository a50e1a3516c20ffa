import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from '../config/types';
import {
  createAccountEntity,
  createAccountHasServiceRelationship,
  createVulnerabilityManagerEntity,
  createWebAppScannerEntity,
} from '../converters/account';
import { fetchPortalVersion } from '../qualys/operations/portalVersion';
import { DataKeys, Entities, Relationships, Steps } from './constants';
import { takePortalVersion } from './portalVersionHandoff';
import { getRunServices } from './runServices';

export async function fetchAccount(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const { client, config } = await getRunServices(context);
  // Normally already read by the credential check just before this step.
  const portal = takePortalVersion(config.apiUrl.origin, config.username) ?? (await fetchPortalVersion(client));
  await context.jobState.setData(DataKeys.PORTAL_VERSION, portal);

  const account = createAccountEntity(context.instance, config.apiUrl, portal);
  const services = [createVulnerabilityManagerEntity(portal), createWebAppScannerEntity(portal)];
  await context.jobState.addEntities([account, ...services]);
  await context.jobState.addRelationships(
    services.map((service) => createAccountHasServiceRelationship(account, service)),
  );
  context.logger.info(
    { vmVersion: portal.vmVersion, wasVersion: portal.wasVersion },
    `Qualys portal answered (VM ${portal.vmVersion ?? 'version not reported'}, WAS ${portal.wasVersion ?? 'version not reported'})`,
  );
}

export const accountSteps: IntegrationStep<QualysIntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT,
    name: 'Fetch Account and Services',
    entities: [Entities.ACCOUNT, Entities.VULNERABILITY_MANAGER, Entities.WEB_APP_SCANNER],
    relationships: [Relationships.ACCOUNT_HAS_VULNERABILITY_MANAGER, Relationships.ACCOUNT_HAS_WEB_APP_SCANNER],
    dependsOn: [],
    executionHandler: fetchAccount,
  },
];
