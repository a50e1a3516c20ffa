import { useWebPageServer } from './helpers/webPageServer';
import { RunningSimulator, startSimulator } from '../src/simulator';
import { runCollection } from './helpers/runCollection';
import net from 'node:net';

/** A loopback port that was just free: a server is opened on it and closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Everything a run produced as text: errors, graph and every log line. */
function everything(result: Awaited<ReturnType<typeof runCollection>>): string {
  return [
    result.validationError ? `${result.validationError.message}\n${result.validationError.stack}` : '',
    ...[...result.stepErrors.values()].map((e) => `${e.message}\n${e.stack}`),
    JSON.stringify([result.entities, result.relationships]),
    ...result.logs,
  ].join('\n');
}

describe('refused credentials and permissions', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ seed: 5, hosts: 8, detectionsPerHost: 3, webApps: 1, findingsPerWebApp: 2 });
  });
  afterAll(() => simulator.close());

  const run = (username: string, password: string) =>
    runCollection({ qualysApiUrl: simulator.url, qualysUsername: username, qualysPassword: password });

  test('a wrong password stops the run before any step, naming the settings to check', async () => {
    const result = await run('demo', 'not-the-password');
    expect(result.validationError?.message).toMatch(/Bad Login|INVALID_CREDENTIALS/);
    expect(result.validationError?.message).toMatch(/qualysUsername and qualysPassword/);
    expect(result.entities).toHaveLength(0);
    expect(everything(result)).not.toContain('not-the-password');
    expect(result.validationError?.stack).not.toMatch(/\n\s+at /);
  });

  test('a refused password that ends with a line break says so', async () => {
    const result = await run('demo', 'demo-password\n');
    expect(result.validationError?.message).toMatch(/begins or ends with a space or line break/);
    const plain = await run('demo', 'not-the-password');
    expect(plain.validationError?.message).not.toMatch(/line break/);
  });

  test('a trial user without API access is told to ask for API access', async () => {
    const result = await run('trial', 'trial-password');
    expect(result.validationError?.message).toMatch(/API access/);
    expect(result.validationError?.message).not.toMatch(/Check qualysUsername/);
    expect(everything(result)).not.toContain('trial-password');
  });

  test('a Reader cannot read detections: that step fails with the role to ask for, the rest succeeds', async () => {
    const result = await run('reader', 'reader-password');
    expect(result.validationError).toBeUndefined();
    const error = result.stepErrors.get('fetch-host-findings');
    expect(error?.message).toMatch(/role/i);
    expect(error?.message).toMatch(/Manager/);
    expect(result.stepErrors.has('fetch-account')).toBe(false);
    expect(result.stepErrors.has('fetch-web-app-findings')).toBe(false);
    expect(everything(result)).not.toContain('reader-password');
  });

  test('a subscription without WAS fails only the web app steps, quoting Qualys', async () => {
    const result = await run('nowas', 'nowas-password');
    expect(result.stepErrors.get('fetch-web-apps')?.message).toMatch(/module/i);
    // Its findings step has no web apps to ask about: it says so rather than
    // reporting an empty success that would read as "no findings".
    expect(result.stepErrors.get('fetch-web-app-findings')?.message).toMatch(/web apps step did not finish/);
    // The run report says which steps failed, not only that they did not report.
    const summary = result.logs.find((line) => line.includes('Run report: '));
    expect(summary).toMatch(/fetch-web-apps failed, fetch-web-app-findings failed/);
    expect(result.stepErrors.has('fetch-host-findings')).toBe(false);
    expect(result.entities.some((e) => e._type === 'qualys_host_finding')).toBe(true);
  });

  test('an expired subscription is named as such', async () => {
    const result = await run('expired', 'expired-password');
    expect(result.validationError?.message).toMatch(/expired/i);
    expect(result.validationError?.message).toMatch(/renew/);
  });
});

describe('a URL that is not a Qualys API server', () => {
  const webPage = useWebPageServer();

  test('is refused with a message about qualysApiUrl', async () => {
    const result = await runCollection({ qualysApiUrl: webPage.url(), qualysUsername: 'someone', qualysPassword: 'secret-pw-1' });
    expect(result.validationError?.message).toMatch(/qualysApiUrl .* did not answer as a Qualys API server/);
    expect(result.validationError?.message).toMatch(/Welcome to nginx/);
    // What to do is about the URL, not about retries the run already made.
    expect(result.validationError?.message).toMatch(/Help > About/);
    expect(result.validationError?.message).not.toMatch(/such failures are retried/);
    expect(everything(result)).not.toContain('secret-pw-1');
  }, 30_000);

  test('a port where nothing listens is refused with the URL to check, after the attempts made', async () => {
    const result = await runCollection({ qualysApiUrl: `http://127.0.0.1:${await closedPort()}`, qualysUsername: 'a', qualysPassword: 'b' });
    expect(result.validationError?.message).toMatch(/qualysApiUrl \(QUALYS_API_URL\) http:\/\/127\.0\.0\.1:\d+ did not answer as a Qualys API server after 2 attempts/);
    expect(result.validationError?.message).toMatch(/this machine can reach it/);
  }, 30_000);

  test('plain http to another machine is refused before any call', async () => {
    const result = await runCollection({ qualysApiUrl: 'http://qualysapi.example.com', qualysUsername: 'a', qualysPassword: 'b' });
    expect(result.validationError?.message).toMatch(/Invalid qualysApiUrl \(QUALYS_API_URL\)/);
  });

  test('credentials inside the URL are refused and not echoed', async () => {
    const result = await runCollection({ qualysApiUrl: 'https://me:hunter2@qualysapi.qualys.com', qualysUsername: 'a', qualysPassword: 'b' });
    expect(result.validationError?.message).toMatch(/contains a username or password/);
    expect(everything(result)).not.toContain('hunter2');
  });
});
