import { iterateHostAssets } from '../../src/qualys/operations/hostAssets';
import { iterateHostDetections } from '../../src/qualys/operations/hostDetections';
import { iterateKnowledgeBase } from '../../src/qualys/operations/knowledgeBase';
import { iterateWebAppFindings } from '../../src/qualys/operations/webAppFindings';
import { iterateWebApps } from '../../src/qualys/operations/webApps';
import {
  RecordPaths,
  fixtureClient,
  readDetectionHosts,
  readFixtureNodes,
  readHostAssets,
  readHostIds,
  readKnowledgeBaseVulns,
  readPortalVersion,
  readWebAppFindings,
  readWebApps,
} from './readFixture';

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('readFixture', () => {
  test('reads the same host assets as iterateHostAssets when given one fixture', async () => {
    const { client, queries } = fixtureClient('sample-host-assets-ec2.xml');
    const viaOperation = await collect(iterateHostAssets(client, [12864]));
    expect(queries[0].recordPaths).toContain(RecordPaths.HOST_ASSET);
    expect(await readHostAssets('sample-host-assets-ec2.xml')).toEqual(viaOperation);
    expect(viaOperation).toHaveLength(2);
  });

  test('reads the same detection hosts as iterateHostDetections when given one fixture', async () => {
    const { client, queries } = fixtureClient('host-detections.xml');
    const viaOperation = await collect(iterateHostDetections(client, [92661485], {}));
    expect(queries[0].recordPaths).toContain(RecordPaths.DETECTION_HOST);
    expect(await readDetectionHosts('host-detections.xml')).toEqual(viaOperation);
    expect(viaOperation).toHaveLength(5);
  });

  test('reads the same knowledge base entries as iterateKnowledgeBase when given one fixture', async () => {
    const { client, queries } = fixtureClient('knowledge-base-web-app-qids.xml');
    const viaOperation = await collect(iterateKnowledgeBase(client, [6]));
    expect(queries[0].recordPaths).toContain(RecordPaths.KNOWLEDGE_BASE_VULN);
    expect(await readKnowledgeBaseVulns('knowledge-base-web-app-qids.xml')).toEqual(viaOperation);
    expect(viaOperation).toHaveLength(42);
  });

  test('reads the same web apps as iterateWebApps when given one fixture', async () => {
    const { client, queries } = fixtureClient('web-apps.xml');
    const viaOperation = await collect(iterateWebApps(client, {}));
    expect(queries[0].recordPaths).toContain(RecordPaths.WEB_APP);
    expect(await readWebApps('web-apps.xml')).toEqual(viaOperation);
    expect(viaOperation).toHaveLength(7);
  });

  test('reads the same web app findings as iterateWebAppFindings when given one fixture', async () => {
    const { client, queries } = fixtureClient('web-app-findings.xml');
    const viaOperation = await collect(iterateWebAppFindings(client, ['238483924'], {}));
    expect(queries[0].recordPaths).toContain(RecordPaths.WEB_APP_FINDING);
    expect(await readWebAppFindings('web-app-findings.xml')).toEqual(viaOperation);
    expect(viaOperation).toHaveLength(14);
  });

  test('returns every recorded element as a record when the fixture is read', async () => {
    const counts = await Promise.all([
      readFixtureNodes('host-asset-ec2.xml', RecordPaths.HOST_ASSET),
      readFixtureNodes('sample-host-assets-azure.xml', RecordPaths.HOST_ASSET),
      readFixtureNodes('sample-host-assets-gcp.xml', RecordPaths.HOST_ASSET),
      readFixtureNodes('sample-host-assets-list.xml', RecordPaths.HOST_ASSET),
      readFixtureNodes('knowledge-base-316760.xml', RecordPaths.KNOWLEDGE_BASE_VULN),
    ]);
    expect(counts.map((nodes) => nodes.length)).toEqual([1, 2, 2, 2, 1]);
    expect(await readHostAssets('sample-host-assets-list.xml')).toHaveLength(2);
  });

  test('runs the portal version operation when the fixture is a portal answer', async () => {
    const portal = await readPortalVersion('portal-version-2022.xml');
    expect(portal.vmVersion).toBe('2.11.0');
  });

  test('runs the host id operation when the fixture is a host list', async () => {
    expect(await readHostIds('host-ids.xml')).toEqual([107800671]);
  });

  test('rejects the fixture when its document element is not the one the operation expects', async () => {
    await expect(readPortalVersion('host-ids.xml')).rejects.toThrow(/HOST_LIST_OUTPUT/);
  });
});
