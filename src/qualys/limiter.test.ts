import { LimiterWait, Release, SubscriptionLimiter } from './limiter';
import { ManualClock, settle } from './testing/clocks';

const HOSTS = '/api/2.0/fo/asset/host/';
const DETECTIONS = '/api/2.0/fo/asset/host/vm/detection/';
const WEB_APPS = '/qps/rest/3.0/search/was/webapp';

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

/** Tracks which acquires have been granted, in grant order. */
class Calls {
  readonly started: string[] = [];
  readonly releases = new Map<string, Release>();

  constructor(
    private readonly limiter: SubscriptionLimiter,
    private readonly onWait: (wait: LimiterWait) => void,
  ) {}

  start(label: string, family: 'fo' | 'qps', path: string): void {
    void this.limiter.acquire(family, path, this.onWait).then((release) => {
      this.started.push(label);
      this.releases.set(label, release);
    });
  }

  release(label: string): void {
    const release = this.releases.get(label);
    if (!release) throw new Error(`${label} has not started`);
    release();
  }
}

function setup(maxConcurrency = { fo: 10, qps: 10 }) {
  const clock = new ManualClock(1_000_000);
  const waits: LimiterWait[] = [];
  const limiter = new SubscriptionLimiter({ clock, maxConcurrency });
  return { clock, waits, limiter, calls: new Calls(limiter, (w) => waits.push(w)) };
}

describe('SubscriptionLimiter', () => {
  test('allows two VM API calls at once until a response says otherwise', async () => {
    const { limiter, calls } = setup();
    for (const label of ['a', 'b', 'c']) calls.start(label, 'fo', HOSTS);
    await settle();
    expect(limiter.capacity('fo')).toBe(2);
    expect(calls.started).toEqual(['a', 'b']);
  });

  test('follows X-Concurrency-Limit-Limit and lets waiting calls start at once', async () => {
    const { limiter, calls } = setup();
    for (const label of ['a', 'b', 'c', 'd', 'e']) calls.start(label, 'fo', HOSTS);
    await settle();
    expect(calls.started).toEqual(['a', 'b']);

    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '4' }));
    await settle();
    expect(limiter.capacity('fo')).toBe(4);
    expect(calls.started).toEqual(['a', 'b', 'c', 'd']);
  });

  test('never goes above its own ceiling, whatever the header allows', () => {
    const { limiter } = setup({ fo: 3, qps: 5 });
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '50' }));
    expect(limiter.capacity('fo')).toBe(3);
    expect(limiter.capacity('qps')).toBe(5);
  });

  test('ignores a missing, zero or garbled concurrency header', () => {
    const { limiter } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '4' }));
    for (const value of ['0', 'many', ' ']) {
      limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': value }));
    }
    limiter.observe('fo', HOSTS, headers({}));
    expect(limiter.capacity('fo')).toBe(4);
  });

  test('lowers capacity when the subscription allows fewer calls', async () => {
    const { limiter, calls } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '1' }));
    calls.start('a', 'fo', HOSTS);
    calls.start('b', 'fo', HOSTS);
    await settle();
    expect(calls.started).toEqual(['a']);
  });

  test('starts waiting calls in arrival order as slots are released', async () => {
    const { limiter, calls } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '1' }));
    for (const label of ['a', 'b', 'c', 'd']) calls.start(label, 'fo', HOSTS);
    await settle();
    expect(calls.started).toEqual(['a']);

    for (const [done, next] of [['a', 'b'], ['b', 'c'], ['c', 'd']]) {
      calls.release(done);
      await settle();
      expect(calls.started[calls.started.length - 1]).toBe(next);
    }
    expect(calls.started).toEqual(['a', 'b', 'c', 'd']);
  });

  test('frees one slot per call however often its release is called', async () => {
    const { limiter, calls } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '1' }));
    for (const label of ['a', 'b', 'c']) calls.start(label, 'fo', HOSTS);
    await settle();
    calls.release('a');
    calls.release('a');
    await settle();
    expect(calls.started).toEqual(['a', 'b']);
  });

  test('keeps the two API families apart', async () => {
    const { limiter, calls } = setup({ fo: 10, qps: 1 });
    limiter.observe('fo', HOSTS, headers({ 'x-concurrency-limit-limit': '1' }));
    calls.start('fo-1', 'fo', HOSTS);
    calls.start('qps-1', 'qps', WEB_APPS);
    calls.start('fo-2', 'fo', HOSTS);
    calls.start('qps-2', 'qps', WEB_APPS);
    await settle();
    expect(calls.started).toEqual(['fo-1', 'qps-1']);
  });

  test('ignores limit headers on QPS responses', () => {
    const { limiter } = setup({ fo: 10, qps: 6 });
    limiter.observe('qps', WEB_APPS, headers({ 'x-concurrency-limit-limit': '1', 'x-ratelimit-towait-sec': '30' }));
    expect(limiter.capacity('qps')).toBe(6);
    expect(limiter.capacity('fo')).toBe(2);
  });

  test('holds only the path whose X-RateLimit-ToWait-Sec asks for a wait', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.observe('fo', DETECTIONS, headers({ 'x-ratelimit-towait-sec': '5', 'x-ratelimit-remaining': '0' }));

    calls.start('detections', 'fo', DETECTIONS);
    calls.start('hosts', 'fo', HOSTS);
    await settle();
    expect(calls.started).toEqual(['hosts']);
    expect(waits).toEqual([
      { family: 'fo', path: DETECTIONS, waitMs: 5000, reason: expect.stringContaining('X-RateLimit-ToWait-Sec') },
    ]);

    await clock.advance(4999);
    expect(calls.started).toEqual(['hosts']);
    await clock.advance(1);
    expect(calls.started).toEqual(['hosts', 'detections']);
  });

  test('does not pause for X-RateLimit-ToWait-Sec 0 with budget left', async () => {
    const { waits, limiter, calls } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-ratelimit-towait-sec': '0', 'x-ratelimit-remaining': '295' }));
    calls.start('a', 'fo', HOSTS);
    await settle();
    expect(calls.started).toEqual(['a']);
    expect(waits).toEqual([]);
  });

  test('waits one call\'s share of the window when Remaining is 0 and no wait is named', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.observe(
      'fo',
      HOSTS,
      headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '300', 'x-ratelimit-window-sec': '3600' }),
    );
    calls.start('a', 'fo', HOSTS);
    calls.start('other path', 'fo', DETECTIONS);
    await settle();
    expect(calls.started).toEqual(['other path']);
    expect(waits[0].waitMs).toBe(12_000);
    expect(waits[0].reason).toMatch(/X-RateLimit-Remaining 0 of 300 per 3600 s/);

    await clock.advance(12_000);
    expect(calls.started).toEqual(['other path', 'a']);
  });

  test('waits a minute when Remaining is 0 and the window is unknown', async () => {
    const { waits, limiter, calls } = setup();
    limiter.observe('fo', HOSTS, headers({ 'x-ratelimit-remaining': '0' }));
    calls.start('a', 'fo', HOSTS);
    await settle();
    expect(waits[0].waitMs).toBe(60_000);
  });

  test('pauseFamily holds every VM API call but no QPS call', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.pauseFamily('fo', 10_000, 'concurrency answer (code 1960)');
    calls.start('hosts', 'fo', HOSTS);
    calls.start('detections', 'fo', DETECTIONS);
    calls.start('web apps', 'qps', WEB_APPS);
    await settle();
    expect(calls.started).toEqual(['web apps']);
    expect(waits.map((w) => [w.family, w.path, w.waitMs, w.reason])).toEqual([
      ['fo', HOSTS, 10_000, 'concurrency answer (code 1960)'],
      ['fo', DETECTIONS, 10_000, 'concurrency answer (code 1960)'],
    ]);

    await clock.advance(10_000);
    expect(calls.started).toEqual(['web apps', 'hosts', 'detections']);
  });

  test('keeps the longer pause when a shorter one is asked for later', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.pauseFamily('fo', 20_000, 'long');
    limiter.pauseFamily('fo', 1_000, 'short');
    calls.start('a', 'fo', HOSTS);
    await settle();
    expect(waits[0]).toMatchObject({ waitMs: 20_000, reason: 'long' });
    await clock.advance(19_999);
    expect(calls.started).toEqual([]);
    await clock.advance(1);
    expect(calls.started).toEqual(['a']);
  });

  test('reports the longer of a family pause and a path pause', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.pauseFamily('fo', 3_000, 'family');
    limiter.pausePath(HOSTS, 8_000, 'path');
    calls.start('a', 'fo', HOSTS);
    await settle();
    expect(waits[0]).toMatchObject({ waitMs: 8_000, reason: 'path' });
    await clock.advance(8_000);
    expect(calls.started).toEqual(['a']);
  });

  test('re-checks the pause after waking and waits again if it was extended', async () => {
    const { clock, waits, limiter, calls } = setup();
    limiter.pauseFamily('fo', 5_000, 'first 409');
    calls.start('a', 'fo', HOSTS);
    await settle();
    await clock.advance(2_000);
    limiter.pauseFamily('fo', 10_000, 'second 409');
    await clock.advance(3_000);
    expect(calls.started).toEqual([]);
    expect(waits.map((w) => w.reason)).toEqual(['first 409', 'second 409']);
    await clock.advance(7_000);
    expect(calls.started).toEqual(['a']);
  });
});
