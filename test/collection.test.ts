import { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import { RunningSimulator, startSimulator } from '../src/simulator';
import { SimulatedSubscription } from '../src/simulator';
import { runCollection, CollectionResult } from './helpers/runCollection';

const DAY = 24 * 60 * 60_000;

/** The findings a default configuration must produce, from the simulator's own data. */
function expectedHostFindings(subscription: SimulatedSubscription, now: number): number {
  const since = now - 30 * DAY;
  let count = 0;
  for (const id of subscription.hostIds()) {
    const host = subscription.host(id);
    if (!host || host.processedAt < since) continue;
    for (const d of subscription.detectionsOf(id)) {
      if (d.severity >= 3 && d.type !== 'Info' && d.lastUpdateAt >= since) count++;
    }
  }
  return count;
}

const ofType = (objects: Array<Entity | Relationship>, type: string) => objects.filter((o) => o._type === type);
const keysOf = (result: CollectionResult) =>
  [...result.entities, ...result.relationships].map((o) => o._key).sort();

describe('a whole collection from the simulator', () => {
  let simulator: RunningSimulator;
  let first: CollectionResult;
  const config = () => ({
    qualysApiUrl: simulator.url,
    qualysUsername: 'demo',
    qualysPassword: 'demo-password',
  });

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 11, hosts: 40, detectionsPerHost: 6, webApps: 3, findingsPerWebApp: 5 });
    first = await runCollection(config());
  });
  afterAll(() => simulator.close());

  test('succeeds in every step', () => {
    expect(first.validationError).toBeUndefined();
    expect([...first.stepErrors.entries()]).toEqual([]);
  });

  test('asks for the portal version once: the account step reuses the credential check', () => {
    const portal = simulator.requests.filter((r) => r.path === '/qps/rest/portal/version');
    expect(portal).toHaveLength(1);
  });

  test('writes one finding per detection in scope, no more, no fewer', () => {
    const expected = expectedHostFindings(simulator.subscription, Date.now());
    expect(expected).toBeGreaterThan(0);
    expect(ofType(first.entities, 'qualys_host_finding')).toHaveLength(expected);
  });

  test('writes every entity type, each passing its data-model schema', () => {
    for (const [type, _class] of [
      ['qualys_account', 'Account'],
      ['qualys_vulnerability_manager', 'Service'],
      ['qualys_web_app_scanner', 'Service'],
      ['qualys_host_finding', 'Finding'],
      ['qualys_web_app_finding', 'Finding'],
    ]) {
      const entities = ofType(first.entities, type) as Entity[];
      expect(entities.length).toBeGreaterThan(0);
      expect(entities).toMatchGraphObjectSchema({ _class });
    }
  });

  test('writes every relationship of the data model', () => {
    const types = new Set(first.relationships.map((r) => r._type));
    for (const type of [
      'qualys_account_has_vulnerability_manager',
      'qualys_account_has_web_app_scanner',
      'qualys_host_finding_is_cve',
      'qualys_host_finding_is_vuln',
      'qualys_vulnerability_manager_scans_aws_instance',
      'qualys_vulnerability_manager_scans_azure_vm',
      'qualys_vulnerability_manager_scans_google_compute_instance',
      'qualys_vulnerability_manager_scans_discovered_host',
      'aws_instance_has_qualys_host_finding',
      'discovered_host_has_qualys_host_finding',
      'qualys_web_app_finding_is_vuln',
      'qualys_web_app_scanner_identified_finding',
      'qualys_web_app_scanner_scans_web_app',
    ]) {
      expect(types).toContain(type);
    }
  });

  test('scans each listed host exactly once', () => {
    const scans = first.relationships.filter((r) => r._class === 'SCANS' && r._type.startsWith('qualys_vulnerability_manager'));
    const listed = simulator.subscription.hostIds().filter((id) => (simulator.subscription.host(id)?.processedAt ?? 0) >= Date.now() - 30 * DAY);
    expect(scans).toHaveLength(listed.length);
  });

  test('fills the finding properties an analyst filters on', () => {
    const finding = ofType(first.entities, 'qualys_host_finding').find((f) => Array.isArray(f.cveIds)) as Entity;
    expect(finding).toBeDefined();
    expect(finding).toMatchObject({
      qid: expect.any(Number),
      severity: expect.stringMatching(/^(medium|high|critical)$/),
      numericSeverity: expect.any(Number),
      open: expect.any(Boolean),
      status: expect.stringMatching(/^(New|Active|Re-Opened|Fixed)$/),
      hostId: expect.any(String),
      firstFoundOn: expect.any(Number),
      lastFoundOn: expect.any(Number),
    });
    const fixed = ofType(first.entities, 'qualys_host_finding').filter((f) => f.status === 'Fixed');
    expect(fixed.every((f) => f.open === false)).toBe(true);
  });

  test('writes web app finding statuses in the words of host findings, keeping the WAS value', () => {
    const findings = ofType(first.entities, 'qualys_web_app_finding') as Entity[];
    const words = new Map(findings.map((f) => [f.qualysStatus, f.status]));
    expect(Object.fromEntries(words)).toEqual({ NEW: 'New', ACTIVE: 'Active', REOPENED: 'Re-Opened', FIXED: 'Fixed' });
    expect(findings.every((f) => f.open === (f.status !== 'Fixed'))).toBe(true);
  });

  test('keys an EC2 host by its instance ARN with a 12-digit account id', () => {
    const ec2 = first.relationships.find((r) => r._type === 'qualys_vulnerability_manager_scans_aws_instance');
    const target = (ec2 as Relationship & { _mapping: { targetEntity: Record<string, unknown> } })._mapping.targetEntity;
    expect(target._key).toMatch(/^arn:aws:ec2:[a-z0-9-]+:\d{12}:instance\/i-[0-9a-f]+$/);
  });

  test('produces the same keys when run again', async () => {
    const second = await runCollection(config());
    expect(keysOf(second)).toEqual(keysOf(first));
  });

  test('never writes or logs the password', () => {
    const secrets = ['demo-password', Buffer.from('demo:demo-password').toString('base64')];
    const text = JSON.stringify([first.entities, first.relationships]) + first.logs.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
