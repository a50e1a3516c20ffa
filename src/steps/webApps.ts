import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from '../config/types';
import { createScansWebAppRelationship } from '../converters/webApp';
import { iterateWebApps } from '../qualys/operations/webApps';
import { DataKeys, MappedRelationships, Steps } from './constants';
import { getRunServices } from './runServices';

export async function fetchWebApps(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const { client, config } = await getRunServices(context);
  const ids: string[] = [];
  let duplicates = 0;
  for await (const app of iterateWebApps(client, { ids: config.was.webAppIds, scannedAfter: config.was.scannedAfter })) {
    const relationship = createScansWebAppRelationship(app);
    if (await context.jobState.hasKey(relationship._key)) {
      duplicates++;
      continue;
    }
    await context.jobState.addRelationship(relationship);
    ids.push(app.id);
  }
  await context.jobState.setData(DataKeys.WEB_APP_IDS, ids);
  context.logger.info({ webApps: ids.length, duplicates }, `Collected ${ids.length} scanned web app(s)`);
}

export const webAppSteps: IntegrationStep<QualysIntegrationConfig>[] = [
  {
    id: Steps.WEB_APPS,
    name: 'Fetch Scanned Web Apps',
    entities: [],
    relationships: [],
    mappedRelationships: [MappedRelationships.WEB_APP_SCANNER_SCANS_WEB_APP],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchWebApps,
  },
];
