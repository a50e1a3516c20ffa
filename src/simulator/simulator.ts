import { SimulatorServer } from './http/server';
import { defaultNow, SimulatedSubscription } from './model/subscription';
import { RunningSimulator, SimulatorOptions } from './types';
import { DEFAULT_USERS } from './users';

/**
 * Starts a loopback Qualys API on 127.0.0.1 with a generated subscription.
 * Everything it answers is derived from `options.seed`; see SimulatorOptions
 * for the knobs and DEFAULT_USERS for who may log in.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  checkCount('hosts', options.hosts);
  checkCount('detectionsPerHost', options.detectionsPerHost);
  checkCount('webApps', options.webApps);
  checkCount('findingsPerWebApp', options.findingsPerWebApp);
  checkRates(options);

  const subscription = new SimulatedSubscription({
    seed,
    hosts: options.hosts ?? 60,
    detectionsPerHost: options.detectionsPerHost ?? 8,
    webApps: options.webApps ?? 4,
    findingsPerWebApp: options.findingsPerWebApp ?? 6,
    now: options.now ?? defaultNow(),
  });
  const server = new SimulatorServer(subscription, {
    seed,
    users: options.users ?? DEFAULT_USERS,
    limits: {
      concurrency: options.limits?.concurrency ?? 2,
      ratePerWindow: options.limits?.ratePerWindow ?? 300,
      windowSeconds: options.limits?.windowSeconds ?? 3600,
    },
    faults: options.faults ?? {},
    endpoints: {
      // A page of zero hosts would send clients round a next-page loop forever.
      maxTruncationLimit: Math.max(1, options.maxTruncationLimit ?? 1000),
      maxIdListTruncationLimit: Math.max(1, options.maxIdListTruncationLimit ?? 1_000_000),
    },
  });
  const url = await server.listen(options.port ?? 0);
  return {
    url,
    requests: server.requests,
    subscription,
    close: () => server.close(),
  };
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new Error(`simulator option ${name} must be a whole number >= 0, not ${value}`);
  }
}

function checkRates(options: SimulatorOptions): void {
  const f = options.faults ?? {};
  const rates = [f.errorRate, f.stallRate, f.truncateRate, f.htmlRate, f.conflictRate, f.wrongContentTypeRate];
  if (rates.some((r) => r !== undefined && !(r >= 0 && r <= 1))) {
    throw new Error('simulator fault rates must each lie between 0 and 1');
  }
  const total = rates.reduce<number>((sum, r) => sum + (r ?? 0), 0);
  if (total > 1 + 1e-9) throw new Error(`simulator fault rates add up to ${total}; at most 1 is possible`);
}
