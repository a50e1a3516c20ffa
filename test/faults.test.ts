import { RunningSimulator, startSimulator } from '../src/simulator';
import { CollectionResult, runCollection } from './helpers/runCollection';

const SUBSCRIPTION = { seed: 23, hosts: 60, detectionsPerHost: 5, webApps: 3, findingsPerWebApp: 4 };

// Short waits so a run full of faults takes seconds; the behaviour is the same.
const FAST_RETRIES = {
  QUALYS_IDLE_TIMEOUT_MS: '400',
  QUALYS_RETRY_BASE_MS: '10',
  QUALYS_MAX_ATTEMPTS: '10',
  // Small batches make many requests, so every kind of fault gets its turn.
  QUALYS_HOSTS_PER_REQUEST: '8',
};

const keys = (result: CollectionResult) =>
  [...result.entities, ...result.relationships].map((o) => o._key).sort();

async function collectFrom(options: Parameters<typeof startSimulator>[0]): Promise<{ result: CollectionResult; simulator: RunningSimulator }> {
  const simulator = await startSimulator(options);
  try {
    const result = await runCollection({
      qualysApiUrl: simulator.url,
      qualysUsername: 'demo',
      qualysPassword: 'demo-password',
    });
    return { result, simulator };
  } finally {
    await simulator.close();
  }
}

describe('a collection under every fault the simulator can inject', () => {
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, FAST_RETRIES));
  afterAll(() => {
    for (const name of Object.keys(FAST_RETRIES)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('gets exactly the findings and relationships of a clean run', async () => {
    const clean = await collectFrom(SUBSCRIPTION);
    const faulty = await collectFrom({
      ...SUBSCRIPTION,
      faults: {
        errorRate: 0.1,
        stallRate: 0.05,
        stallMs: 3_000,
        truncateRate: 0.1,
        htmlRate: 0.05,
        conflictRate: 0.1,
        wrongContentTypeRate: 0.05,
      },
    });

    expect([...clean.result.stepErrors.values()]).toEqual([]);
    expect([...faulty.result.stepErrors.values()]).toEqual([]);
    const findings = clean.result.entities.filter((e) => e._type === 'qualys_host_finding');
    expect(findings.length).toBeGreaterThan(100);
    expect(keys(faulty.result)).toEqual(keys(clean.result));

    // The faults really happened, and each retry was logged with its reason.
    const failures = faulty.simulator.requests.filter((r) => r.status >= 400 || r.status === 0);
    expect(failures.length).toBeGreaterThan(0);
    expect(faulty.result.logs.filter((l) => /Retrying /.test(l)).length).toBeGreaterThan(0);
    expect(faulty.result.logs.join('\n')).not.toContain('demo-password');
  }, 120_000);

  test('isolates a host whose detections never read, and collects every other host', async () => {
    const probe = await startSimulator(SUBSCRIPTION);
    const hostIds = probe.subscription.hostIds();
    await probe.close();
    const clean = await collectFrom(SUBSCRIPTION);
    const hostFindings = (result: CollectionResult) =>
      result.entities.filter((e) => e._type === 'qualys_host_finding');
    // A host in the middle of a batch, with findings to lose.
    const poisoned = hostIds.find((id, i) => i > 10 && hostFindings(clean.result).some((f) => f.hostId === String(id))) as number;

    const faulty = await collectFrom({ ...SUBSCRIPTION, faults: { failingHostIds: [poisoned] } });

    const expected = hostFindings(clean.result).filter((f) => f.hostId !== String(poisoned)).map((f) => f._key).sort();
    expect(hostFindings(faulty.result).map((f) => f._key).sort()).toEqual(expected);
    const error = faulty.result.stepErrors.get('fetch-host-findings');
    expect(error?.message).toContain(`could not be read: ${poisoned}`);
    expect(faulty.result.logs.some((l) => l.includes(`Detections of host ${poisoned} could not be read`))).toBe(true);
    expect(faulty.result.logs.some((l) => /splitting the batch/.test(l))).toBe(true);
  }, 120_000);

  test('writes every finding but no host relationship when the host asset search is down', async () => {
    const clean = await collectFrom(SUBSCRIPTION);
    // Fewer attempts: every asset call fails however often it is asked.
    process.env.QUALYS_MAX_ATTEMPTS = '2';
    const faulty = await collectFrom({ ...SUBSCRIPTION, faults: { failingServices: ['assets'] } }).finally(() => {
      process.env.QUALYS_MAX_ATTEMPTS = FAST_RETRIES.QUALYS_MAX_ATTEMPTS;
    });
    const findingKeys = (result: CollectionResult) =>
      result.entities.filter((e) => e._type === 'qualys_host_finding').map((e) => e._key).sort();
    expect(findingKeys(faulty.result)).toEqual(findingKeys(clean.result));
    // No SCANS or HAS at all: a discovered host would be wrong for the cloud
    // instances among these hosts.
    const hostRelationships = faulty.result.relationships.filter((r) =>
      /^qualys_vulnerability_manager_scans_|_has_qualys_host_finding$/.test(String(r._type)),
    );
    expect(hostRelationships).toEqual([]);
    expect(faulty.result.relationships.some((r) => r._type === 'qualys_host_finding_is_vuln')).toBe(true);
    // The step says it is incomplete, so the graph keeps the relationships of earlier runs.
    expect(faulty.result.stepErrors.get('fetch-host-findings')?.message).toMatch(/host asset search failed/);
  }, 120_000);

  test('stops, bounded, when detections fail for every host, instead of asking host by host', async () => {
    const probe = await startSimulator(SUBSCRIPTION);
    const hostIds = probe.subscription.hostIds();
    await probe.close();
    const faulty = await collectFrom({ ...SUBSCRIPTION, faults: { failingHostIds: hostIds } });
    const error = faulty.result.stepErrors.get('fetch-host-findings');
    expect(error?.message).toMatch(/Detections keep failing for every group of hosts tried/);
    // What was isolated before the step stopped is named, in the error and
    // in the step's closing summary, not lost with the stop.
    expect(error?.message).toMatch(/detections of \d+ host\(s\) could not be read before that: \d+/);
    const summary = faulty.result.logs.find((l) => l.includes('Host findings: '));
    expect(summary).toMatch(/hosts that failed on their own: \d+/);
    expect(summary).toMatch(/problems: the step stopped after \d+ of \d+ host\(s\)/);
    const detectionCalls = faulty.simulator.requests.filter((r) => r.path.includes('/vm/detection')).length;
    expect(detectionCalls).toBeLessThan(150);
  }, 120_000);
});

