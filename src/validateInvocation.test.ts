import http from 'node:http';
import https from 'node:https';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { QualysIntegrationConfig } from './config/types';
import { RunningSimulator, startSimulator } from './simulator';
import { validateInvocation } from './validateInvocation';

const KNOBS = ['QUALYS_HOSTS_PER_REQUEST', 'QUALYS_MAX_ATTEMPTS', 'QUALYS_SIMULATOR'] as const;

describe('validateInvocation and the operator knobs', () => {
  const saved = Object.fromEntries(KNOBS.map((name) => [name, process.env[name]]));
  afterEach(() => {
    jest.restoreAllMocks();
    for (const name of KNOBS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('refuses a bad knob with one clear message, no stack and no call to Qualys', async () => {
    process.env.QUALYS_HOSTS_PER_REQUEST = '20000';
    const calls = [jest.spyOn(http, 'request'), jest.spyOn(https, 'request')];
    const context = createMockExecutionContext<QualysIntegrationConfig>({
      instanceConfig: { qualysApiUrl: 'https://qualysapi.qualys.com', qualysUsername: 'someone', qualysPassword: 'secret' },
    });

    const error = await validateInvocation(context).then(
      () => undefined,
      (err: unknown) => err as Error,
    );

    expect(error?.message).toBe(
      'Invalid QUALYS_HOSTS_PER_REQUEST "20000". Accepted: a whole number of hosts from 1 to 10000. Fix it, or unset it to use the default.',
    );
    expect(error?.stack).not.toMatch(/\n\s+at /);
    for (const call of calls) expect(call).not.toHaveBeenCalled();
  });

  describe('against the simulator', () => {
    let simulator: RunningSimulator;
    beforeAll(async () => {
      simulator = await startSimulator({ seed: 3, hosts: 2, detectionsPerHost: 1, webApps: 0, findingsPerWebApp: 0 });
    });
    afterAll(async () => {
      await simulator?.close();
    });

    test('accepts valid knobs in a demo run, and its call is one the spies above would see', async () => {
      const call = jest.spyOn(http, 'request');
      process.env.QUALYS_SIMULATOR = '1';
      process.env.QUALYS_MAX_ATTEMPTS = '3';
      process.env.QUALYS_HOSTS_PER_REQUEST = '10000';
      const context = createMockExecutionContext<QualysIntegrationConfig>({
        instanceConfig: { qualysApiUrl: simulator.url, qualysUsername: 'demo', qualysPassword: 'demo-password' },
      });
      await expect(validateInvocation(context)).resolves.toBeUndefined();
      expect(call).toHaveBeenCalled();
    });
  });
});
