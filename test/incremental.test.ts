import { Entity } from '@jupiterone/integration-sdk-core';
import { invocationConfig } from '../src';
import { RunningSimulator, startSimulator } from '../src/simulator';
import { runCollection } from './helpers/runCollection';

const HOUR = 60 * 60_000;

describe('an incremental run after a change in Qualys', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ seed: 31, hosts: 30, detectionsPerHost: 5, webApps: 2, findingsPerWebApp: 3 });
  });
  afterAll(() => simulator.close());

  const config = () => ({ qualysApiUrl: simulator.url, qualysUsername: 'demo', qualysPassword: 'demo-password' });
  const findingOf = (entities: Entity[], hostId: number, qid: number) =>
    entities.find((e) => e._type === 'qualys_host_finding' && e.hostId === String(hostId) && e.qid === qid);

  test('asks only for the changed window and closes the fixed finding', async () => {
    const firstStartedAt = Date.now();
    const first = await runCollection(config(), { current: { startedOn: firstStartedAt } });
    expect([...first.stepErrors.values()]).toEqual([]);

    // An open finding of the first run is fixed in Qualys, and a host gets a new detection.
    const open = first.entities.find((e) => e._type === 'qualys_host_finding' && e.open === true && e.port === undefined) ??
      first.entities.find((e) => e._type === 'qualys_host_finding' && e.open === true);
    expect(open).toBeDefined();
    const hostId = Number(open?.hostId);
    const qid = open?.qid as number;
    const fixedAt = Date.now();
    simulator.subscription.markFixed(hostId, qid, fixedAt);
    const otherHost = simulator.subscription.hostIds().find((id) => id !== hostId) as number;
    simulator.subscription.addDetection(otherHost, { qid, severity: 5, type: 'Confirmed', port: 8443, protocol: 'tcp' }, fixedAt);

    const requestsBefore = simulator.requests.length;
    const second = await runCollection(config(), {
      current: { startedOn: Date.now() },
      lastSuccessful: { startedOn: firstStartedAt },
    });
    expect([...second.stepErrors.values()]).toEqual([]);

    const asked = simulator.requests.slice(requestsBefore);
    const hostList = asked.find((r) => r.path.startsWith('/api/2.0/fo/asset/host') && !r.path.includes('detection'));
    const detections = asked.filter((r) => r.path.includes('/vm/detection'));
    const windowStart = Date.parse(hostList?.params.vm_processed_after ?? '');
    expect(windowStart).toBeGreaterThanOrEqual(firstStartedAt - HOUR - 1000);
    expect(windowStart).toBeLessThanOrEqual(firstStartedAt);
    expect(detections.length).toBeGreaterThan(0);
    for (const request of detections) {
      expect(Date.parse(request.params.detection_updated_since)).toBeGreaterThanOrEqual(firstStartedAt - HOUR - 1000);
      expect(request.params.status.split(',')).toContain('Fixed');
    }

    // Only the two changed hosts come back, the fixed finding now closed.
    const findings = second.entities.filter((e) => e._type === 'qualys_host_finding');
    expect(new Set(findings.map((f) => f.hostId))).toEqual(new Set([String(hostId), String(otherHost)]));
    const closed = findingOf(second.entities, hostId, qid);
    expect(closed).toMatchObject({ _key: open?._key, open: false, status: 'Fixed' });
    expect(closed?.fixedOn).toBe(Math.floor(fixedAt / 1000) * 1000);
    expect(findings.some((f) => f.hostId === String(otherHost) && f.port === 8443)).toBe(true);
  });

  test('declares the finding types partial only in incremental runs, so unseen findings are kept', async () => {
    const hostStep = invocationConfig.integrationSteps.find((s) => s.id === 'fetch-host-findings');
    await runCollection(config(), { current: { startedOn: Date.now() }, lastSuccessful: { startedOn: Date.now() - HOUR } });
    expect(hostStep?.entities[0].partial).toBe(true);
    await runCollection(config(), { current: { startedOn: Date.now() } });
    expect(hostStep?.entities[0].partial).toBeUndefined();
  });

  test('forceFullRun ignores the last run', async () => {
    const before = simulator.requests.length;
    await runCollection({ ...config(), forceFullRun: 'true' }, {
      current: { startedOn: Date.now() },
      lastSuccessful: { startedOn: Date.now() - HOUR },
    });
    const hostList = simulator.requests.slice(before).find((r) => r.path.startsWith('/api/2.0/fo/asset/host') && !r.path.includes('detection'));
    expect(Date.parse(hostList?.params.vm_processed_after ?? '')).toBeLessThan(Date.now() - 29 * 24 * HOUR);
  });
});
