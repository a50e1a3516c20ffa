import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from '../config/types';
import { createIsCveRelationships, createIsVulnRelationship } from '../converters/vulnerability';
import {
  createScannerIdentifiedFindingRelationship,
  createWebAppFindingEntity,
  createWebAppHasFindingRelationship,
} from '../converters/webAppFinding';
import { WebAppFinding, iterateWebAppFindings } from '../qualys/operations/webAppFindings';
import { DataKeys, Entities, MappedRelationships, Relationships, Steps } from './constants';
import { getRunServices } from './runServices';
import { incompleteError } from '../userFacingError';

// Web app ids per findings search: one search covers many apps, and the
// answer is paged anyway.
const WEB_APPS_PER_REQUEST = 100;
// Findings held while their QIDs are looked up in the knowledge base.
const FINDINGS_PER_KNOWLEDGE_BASE_BATCH = 500;

export async function fetchWebAppFindings(
  context: IntegrationStepExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const { client, config, knowledgeBase, statistics } = await getRunServices(context);
  const webAppIds = await context.jobState.getData<string[]>(DataKeys.WEB_APP_IDS);
  if (webAppIds === undefined) {
    // The SDK runs this step even when the web apps step failed. Without its
    // list there is nothing to ask about, and finding nothing must not read
    // as "no findings": the step fails, so its types are kept as partial.
    throw incompleteError(
      'QUALYS_WEB_APPS_NOT_LISTED',
      'Web app findings were not collected: the web apps step did not finish (see its error), so there is no list of web apps to ask Qualys about. Findings collected by earlier runs are kept.',
    );
  }
  let written = 0;
  let duplicates = 0;
  let pending: WebAppFinding[] = [];

  const flush = async (): Promise<void> => {
    await knowledgeBase.load(pending.flatMap((f) => (f.qid === undefined ? [] : [f.qid])));
    for (const finding of pending) {
      const facts = finding.qid === undefined ? undefined : knowledgeBase.get(finding.qid);
      const entity = createWebAppFindingEntity(finding, facts);
      if (await context.jobState.hasKey(entity._key)) {
        duplicates++;
        continue;
      }
      await context.jobState.addEntity(entity);
      const hasFinding = createWebAppHasFindingRelationship(finding, entity._key);
      await context.jobState.addRelationships([
        createScannerIdentifiedFindingRelationship(entity),
        ...(hasFinding ? [hasFinding] : []),
        ...(facts ? [createIsVulnRelationship(entity._key, MappedRelationships.WEB_APP_FINDING_IS_VULN._type, facts)] : []),
        ...createIsCveRelationships(entity._key, MappedRelationships.WEB_APP_FINDING_IS_CVE._type, facts?.cveIds ?? []),
      ]);
      written++;
      statistics.webAppFinding({
        severity: String(entity.severity),
        webAppId: finding.webApp.id,
        webAppName: finding.webApp.name,
        webAppUrl: finding.webApp.url,
        cveIds: facts?.cveIds,
      });
    }
    pending = [];
  };

  for (let i = 0; i < webAppIds.length; i += WEB_APPS_PER_REQUEST) {
    const batch = webAppIds.slice(i, i + WEB_APPS_PER_REQUEST);
    for await (const finding of iterateWebAppFindings(client, batch, { detectedAfter: config.was.findingsDetectedAfter })) {
      pending.push(finding);
      if (pending.length >= FINDINGS_PER_KNOWLEDGE_BASE_BATCH) await flush();
    }
  }
  await flush();
  const problems = knowledgeBase.failures.splice(0);
  statistics.stepReport(Steps.WEB_APP_FINDINGS, { 'web apps': webAppIds.length, findings: written, skipped: { 'repeated findings': duplicates }, problems });
  context.logger.info(
    { webApps: webAppIds.length, findings: written, duplicates },
    `Collected ${written} web app finding(s) for ${webAppIds.length} web app(s)${duplicates ? `; ${duplicates} repeated finding(s) ignored` : ''}`,
  );
  if (problems.length) {
    // After everything was written: the SDK then marks this step's types
    // partial, so what lacks its IS relationships is not taken as complete.
    throw incompleteError('QUALYS_PARTIAL_WEB_APP_FINDINGS', `Web app findings are incomplete: ${problems.join('; ')}`);
  }
}

export const webAppFindingSteps: IntegrationStep<QualysIntegrationConfig>[] = [
  {
    id: Steps.WEB_APP_FINDINGS,
    name: 'Fetch Web App Findings',
    entities: [Entities.WEB_APP_FINDING],
    relationships: [Relationships.WEB_APP_SCANNER_IDENTIFIED_FINDING],
    mappedRelationships: [
      MappedRelationships.WEB_APP_FINDING_IS_VULN,
      MappedRelationships.WEB_APP_FINDING_IS_CVE,
      MappedRelationships.WEB_APP_HAS_WEB_APP_FINDING,
    ],
    dependsOn: [Steps.WEB_APPS],
    executionHandler: fetchWebAppFindings,
  },
];
