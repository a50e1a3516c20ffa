import { RunningSimulator, startSimulator } from '../src/simulator';
import { CollectionResult, runCollection } from './helpers/runCollection';

const SUBSCRIPTION = { seed: 41, hosts: 60, detectionsPerHost: 4, webApps: 2, findingsPerWebApp: 3 };

// Many small batches make many calls, so the limits are reached mid-run.
const SMALL_BATCHES = { QUALYS_HOSTS_PER_REQUEST: '6', QUALYS_RETRY_BASE_MS: '20' };

const findingKeys = (result: CollectionResult) =>
  result.entities.filter((e) => e._type === 'qualys_host_finding').map((e) => e._key).sort();

async function collect(limits: { concurrency?: number; ratePerWindow?: number; windowSeconds?: number }) {
  const simulator: RunningSimulator = await startSimulator({ ...SUBSCRIPTION, limits });
  try {
    const result = await runCollection({ qualysApiUrl: simulator.url, qualysUsername: 'demo', qualysPassword: 'demo-password' });
    return { result, requests: [...simulator.requests] };
  } finally {
    await simulator.close();
  }
}

/** Two answers in a row to the same endpoint that were both 409: a retry that learned nothing. */
function repeated409s(requests: Array<{ path: string; status: number; seq: number }>): number {
  const last = new Map<string, number>();
  let repeats = 0;
  for (const request of [...requests].sort((a, b) => a.seq - b.seq)) {
    if (request.status === 409 && last.get(request.path) === 409) repeats++;
    last.set(request.path, request.status);
  }
  return repeats;
}

describe('collection within the subscription limits', () => {
  const saved = { ...process.env };
  let reference: string[];
  beforeAll(async () => {
    Object.assign(process.env, SMALL_BATCHES);
    reference = findingKeys((await collect({ concurrency: 10, ratePerWindow: 100_000 })).result);
  });
  afterAll(() => {
    for (const name of Object.keys(SMALL_BATCHES)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test.each([1, 5])('collects every finding with a concurrency limit of %i', async (concurrency) => {
    const { result, requests } = await collect({ concurrency, ratePerWindow: 100_000 });
    expect([...result.stepErrors.values()]).toEqual([]);
    expect(findingKeys(result)).toEqual(reference);
    expect(reference.length).toBeGreaterThan(50);
    expect(repeated409s(requests)).toBe(0);
  }, 60_000);

  test('waits out a rate budget that runs out mid-run, saying why', async () => {
    const { result, requests } = await collect({ concurrency: 2, ratePerWindow: 8, windowSeconds: 2 });
    expect([...result.stepErrors.values()]).toEqual([]);
    expect(findingKeys(result)).toEqual(reference);
    expect(repeated409s(requests)).toBe(0);
    const waits = result.logs.filter((line) => /Waiting \d+ s before the next Qualys|Retrying .* 409/.test(line));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((line) => /X-RateLimit|rate|1965|concurrency|1960/i.test(line))).toBe(true);
  }, 120_000);
});
