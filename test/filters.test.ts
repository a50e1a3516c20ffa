import { Entity } from '@jupiterone/integration-sdk-core';
import { QualysIntegrationConfig } from '../src/config/types';
import { RecordedRequest, RunningSimulator, startSimulator } from '../src/simulator';
import { CollectionResult, runCollection } from './helpers/runCollection';

/**
 * Each filter, proven twice: it changes what is asked of Qualys (the simulator
 * records every parameter) and what is written to the graph.
 */
describe('collection filters', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ seed: 57, hosts: 40, detectionsPerHost: 8, webApps: 4, findingsPerWebApp: 4 });
  });
  afterAll(() => simulator.close());

  async function collect(settings: Partial<QualysIntegrationConfig>): Promise<{ result: CollectionResult; asked: RecordedRequest[] }> {
    const before = simulator.requests.length;
    const result = await runCollection({
      qualysApiUrl: simulator.url,
      qualysUsername: 'demo',
      qualysPassword: 'demo-password',
      ...settings,
    });
    expect([...result.stepErrors.values()]).toEqual([]);
    return { result, asked: simulator.requests.slice(before) };
  }

  const hostFindings = (result: CollectionResult) => result.entities.filter((e) => e._type === 'qualys_host_finding');
  const webFindings = (result: CollectionResult) => result.entities.filter((e) => e._type === 'qualys_web_app_finding');
  const detectionRequests = (asked: RecordedRequest[]) => asked.filter((r) => r.path.includes('/vm/detection'));
  const hostListRequests = (asked: RecordedRequest[]) => asked.filter((r) => /\/fo\/asset\/host\/?$/.test(r.path));
  const values = (entities: Entity[], property: string) => new Set(entities.map((e) => e[property]));

  let defaults: CollectionResult;
  beforeAll(async () => {
    defaults = (await collect({})).result;
  });

  test('severities go to Qualys and only those severities are written', async () => {
    const { result, asked } = await collect({ vmdrFindingSeverities: '5' });
    expect(detectionRequests(asked).every((r) => r.params.severities === '5')).toBe(true);
    expect(values(hostFindings(result), 'qualysSeverity')).toEqual(new Set([5]));
    expect(hostFindings(result).length).toBeLessThan(hostFindings(defaults).length);
  });

  test('types: Info is asked for with show_igs and kept only when configured', async () => {
    const withInfo = await collect({ vmdrFindingSeverities: '1,2,3,4,5', vmdrFindingTypes: 'Info' });
    expect(detectionRequests(withInfo.asked).every((r) => r.params.show_igs === '1')).toBe(true);
    expect(values(hostFindings(withInfo.result), 'type')).toEqual(new Set(['Info']));
    const withoutInfo = await collect({ vmdrFindingSeverities: '1,2,3,4,5' });
    expect(detectionRequests(withoutInfo.asked).every((r) => r.params.show_igs === undefined)).toBe(true);
    expect(values(hostFindings(withoutInfo.result), 'type').has('Info')).toBe(false);
  });

  test('statuses go to Qualys; leaving out Fixed leaves out closed findings', async () => {
    expect(values(hostFindings(defaults), 'status').has('Fixed')).toBe(true);
    const { result, asked } = await collect({ vmdrFindingStatuses: 'New,Active,Re-Opened' });
    expect(detectionRequests(asked).every((r) => r.params.status === 'New,Active,Re-Opened')).toBe(true);
    expect(values(hostFindings(result), 'status').has('Fixed')).toBe(false);
    expect(hostFindings(result).every((f) => f.open === true)).toBe(true);
  });

  test('included QIDs go to Qualys as qids; excluded QIDs are dropped', async () => {
    const qids = [...values(hostFindings(defaults), 'qid')].slice(0, 2) as number[];
    const included = await collect({ vmdrIncludeQids: qids.join(',') });
    expect(detectionRequests(included.asked).every((r) => r.params.qids === qids.join(','))).toBe(true);
    expect(values(hostFindings(included.result), 'qid')).toEqual(new Set(qids));

    const excluded = await collect({ vmdrExcludeQids: String(qids[0]) });
    expect(values(hostFindings(excluded.result), 'qid').has(qids[0])).toBe(false);
    expect(hostFindings(excluded.result).length).toBeGreaterThan(0);
  });

  test('host tags to include and exclude go to Qualys as tag parameters', async () => {
    const tag = simulator.subscription.tags()[0];
    const included = await collect({ hostTagsInclude: tag.name, hostTagsMatch: 'all' });
    for (const request of [...hostListRequests(included.asked), ...detectionRequests(included.asked)]) {
      expect(request.params).toMatchObject({ use_tags: '1', tag_set_by: 'name', tag_set_include: tag.name, tag_include_selector: 'all' });
    }
    const tagged = hostFindings(included.result);
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((f) => (f.tags as string[]).includes(tag.name))).toBe(true);

    const excluded = await collect({ hostTagsExclude: String(tag.id), hostTagsBy: 'id' });
    for (const request of hostListRequests(excluded.asked)) {
      expect(request.params).toMatchObject({ use_tags: '1', tag_set_by: 'id', tag_set_exclude: String(tag.id) });
    }
    expect(hostFindings(excluded.result).some((f) => (f.tags as string[]).includes(tag.name))).toBe(false);
  });

  test('the day windows become vm_processed_after and detection_updated_since', async () => {
    const { asked } = await collect({ minScannedSinceDays: '3', minFindingsSinceDays: '2' });
    const day = 24 * 60 * 60_000;
    const processedAfter = Date.parse(hostListRequests(asked)[0].params.vm_processed_after);
    expect(Math.abs(processedAfter - (Date.now() - 3 * day))).toBeLessThan(60_000);
    for (const request of detectionRequests(asked)) {
      expect(Math.abs(Date.parse(request.params.detection_updated_since) - (Date.now() - 2 * day))).toBeLessThan(60_000);
    }
    for (const request of asked) {
      for (const [name, value] of Object.entries(request.params)) {
        if (/(_after|_before|_since)$/.test(name)) expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }
    }
  });

  test('web app ids go to Qualys as an id criterion and only their findings are written', async () => {
    const appId = String(webFindings(defaults)[0].webAppId);
    const { result, asked } = await collect({ webAppIds: appId });
    const search = asked.find((r) => r.path.includes('/search/was/webapp'));
    expect(search?.criteria).toContainEqual({ field: 'id', operator: 'IN', value: appId });
    expect(values(webFindings(result), 'webAppId')).toEqual(new Set([appId]));
  });

  test('module switches keep a module from being asked for at all', async () => {
    const noWas = await collect({ enableWas: 'false' });
    expect(noWas.asked.some((r) => r.path.includes('/was/'))).toBe(false);
    expect(webFindings(noWas.result)).toHaveLength(0);
    expect(hostFindings(noWas.result).length).toBe(hostFindings(defaults).length);

    const noVmdr = await collect({ enableVmdr: 'false' });
    expect(noVmdr.asked.some((r) => r.path.startsWith('/api/2.0/fo/asset'))).toBe(false);
    expect(hostFindings(noVmdr.result)).toHaveLength(0);
  });

  test.each([
    ['vmdrFindingSeverities', '9', /VMDR_FINDING_SEVERITIES.*from 1 to 5/],
    ['vmdrFindingTypes', 'Foo', /VMDR_FINDING_TYPES.*Confirmed, Potential, Info/],
    ['vmdrFindingStatuses', 'Closed', /VMDR_FINDING_STATUSES.*New, Active, Re-Opened, Fixed/],
    ['minScannedSinceDays', '-1', /MIN_SCANNED_SINCE_DAYS.*whole number of days/],
    ['hostTagsMatch', 'some', /HOST_TAGS_MATCH.*any, all/],
    ['enableWas', 'maybe', /ENABLE_WAS.*true or false/],
  ])('an invalid %s (%s) fails validation naming the field and the accepted values', async (field, value, message) => {
    const before = simulator.requests.length;
    const result = await runCollection({
      qualysApiUrl: simulator.url,
      qualysUsername: 'demo',
      qualysPassword: 'demo-password',
      [field]: value,
    });
    expect(result.validationError?.message).toMatch(new RegExp(field));
    expect(result.validationError?.message).toMatch(message);
    expect(simulator.requests.length).toBe(before);
  });
});
