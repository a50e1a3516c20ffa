import { useWebPageServer } from './helpers/webPageServer';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { runDoctor } from '../src/doctor/doctor';
import { RunningSimulator, startSimulator } from '../src/simulator';

const PROJECT_ROOT = path.resolve(__dirname, '..');

interface DoctorRun {
  code: number;
  output: string;
}

async function doctor(env: NodeJS.ProcessEnv, argv: string[] = []): Promise<DoctorRun> {
  const lines: string[] = [];
  const code = await runDoctor({ argv, env: { QUALYS_RETRY_BASE_MS: '5', ...env }, out: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

const CHECKS = ['API URL', 'Settings', 'Reachability', 'Login (portal version)', 'Host list', 'Host detections', 'Host asset search', 'Knowledge base', 'WAS web apps', 'WAS findings'];

/**
 * A check's row of the printed table, as "check | result | ask for", each
 * cell joined across its wrapped lines. Columns are cut where the header's
 * titles start.
 */
function rowOf(output: string, check: string): string {
  const lines = output.split('\n');
  const header = lines.findIndex((line) => line.startsWith('CHECK '));
  const starts = [0, lines[header].indexOf('RESULT'), lines[header].indexOf('ASK THE')];
  const cells = (line: string) => starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim());
  const first = lines.findIndex((line, i) => i > header && line.startsWith(`${check}  `));
  if (first === -1) throw new Error(`no row "${check}" in:\n${output}`);
  const row: string[][] = [[], [], []];
  for (let i = first; i < lines.length && lines[i] !== ''; i++) {
    if (i > first && CHECKS.some((name) => lines[i].startsWith(`${name}  `))) break;
    cells(lines[i]).forEach((cell, column) => cell && row[column].push(cell));
  }
  return row.map((cell) => cell.join(' ')).join(' | ');
}

describe('doctor', () => {
  let simulator: RunningSimulator;
  const as = (username: string, password: string, extra: NodeJS.ProcessEnv = {}) =>
    doctor({ QUALYS_API_URL: simulator.url, QUALYS_USERNAME: username, QUALYS_PASSWORD: password, ...extra });

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 9, hosts: 12, detectionsPerHost: 3, webApps: 2, findingsPerWebApp: 2 });
  });
  afterAll(() => simulator.close());

  test('fails the Settings row for an operator knob a run would refuse, and calls nothing', async () => {
    const before = simulator.requests.length;
    const run = await as('demo', 'demo-password', { QUALYS_MAX_ATTEMPTS: '2.5' });
    expect(run.code).toBe(1);
    expect(rowOf(run.output, 'Settings')).toMatch(/Invalid QUALYS_MAX_ATTEMPTS "2\.5"/);
    expect(run.output).not.toMatch(/Usage/i);
    expect(simulator.requests.length).toBe(before);
  });

  test('exits 0 with every check OK when the user has full access', async () => {
    const run = await as('demo', 'demo-password');
    expect(run.code).toBe(0);
    for (const check of CHECKS) {
      expect(rowOf(run.output, check)).toMatch(/ \| OK: /);
    }
    expect(run.output).toContain('Exit code 0: Everything the collection needs answered');
    expect(run.output).not.toContain('FAILED');
  });

  test('exits 2 and names the username and password when the password is wrong', async () => {
    const run = await as('demo', 'not-the-password');
    expect(run.code).toBe(2);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/FAILED: HTTP 200, code INVALID_CREDENTIALS: "Authentication failed/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/the right username and password/);
    expect(rowOf(run.output, 'Host detections')).toMatch(/not checked: the login failed/);
    expect(run.output).toMatch(/Exit code 2: Qualys refused the username or password/);
  });

  test('exits 3 and asks for API access when the user is a trial user without it', async () => {
    const run = await as('trial', 'trial-password');
    expect(run.code).toBe(3);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/FAILED: HTTP 200, code UNAUTHORIZED: "API access is not enabled/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/API access for this user/);
    expect(run.output).toMatch(/Exit code 3: The user has no API access/);
  });

  test('exits 4 and asks for the Manager role when the role cannot read detections', async () => {
    const run = await as('reader', 'reader-password');
    expect(run.code).toBe(4);
    const row = rowOf(run.output, 'Host detections');
    expect(row).toMatch(/FAILED: HTTP 403, code 2012: "User <username> has insufficient privileges/);
    expect(row).toMatch(/the Manager role/);
    expect(rowOf(run.output, 'Host list')).toMatch(/\| OK: /);
    expect(rowOf(run.output, 'WAS findings')).toMatch(/\| OK: /);
    expect(run.output).toMatch(/Exit code 4: The user's role cannot read/);
    expect(run.output).toMatch(/Details:\n- Host detections: POST \/api\/2.0\/fo\/asset\/host\/vm\/detection\/ was answered with HTTP 403/);
  });

  test('exits 5 and says the collection would be partial when the WAS module is missing', async () => {
    const run = await as('nowas', 'nowas-password');
    expect(run.code).toBe(5);
    expect(rowOf(run.output, 'WAS web apps')).toMatch(/FAILED: HTTP 200, code UNAUTHORIZED: "Not authorized to access this module\."/);
    expect(rowOf(run.output, 'WAS web apps')).toMatch(/the Web Application Scanning \(WAS\) module/);
    expect(rowOf(run.output, 'Host detections')).toMatch(/\| OK: /);
    expect(run.output).toMatch(/Exit code 5: .*would still run, only partially: web app findings would not be collected/);
  });

  test('exits 0 without asking WAS when web app findings are turned off', async () => {
    const run = await as('nowas', 'nowas-password', { ENABLE_WAS: 'false' });
    expect(run.code).toBe(0);
    expect(rowOf(run.output, 'WAS web apps')).toMatch(/not checked: web app findings are turned off/);
  });

  test('exits 6 and asks for a renewal when the subscription expired', async () => {
    const run = await as('expired', 'expired-password');
    expect(run.code).toBe(6);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/code EVALUATION_EXPIRED/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/renewal of the subscription/);
  });

  test('never prints the password or the user name when Qualys quotes them', async () => {
    const runs = await Promise.all([
      as('demo', 'demo-password'),
      as('demo', 'not-the-password'),
      as('trial', 'trial-password'),
      as('reader', 'reader-password'),
      as('nowas', 'nowas-password'),
      as('expired', 'expired-password'),
    ]);
    for (const [run, password] of runs.map((r, i) => [r, ['demo-password', 'not-the-password', 'trial-password', 'reader-password', 'nowas-password', 'expired-password'][i]] as const)) {
      expect(run.output).not.toContain(password);
      expect(run.output).not.toMatch(/\b[Uu]ser (demo|trial|reader|nowas|expired)\b/);
    }
  });

  test('exits 1 and names the setting when another setting is invalid', async () => {
    const run = await as('demo', 'demo-password', { VMDR_FINDING_SEVERITIES: '9' });
    expect(run.code).toBe(1);
    expect(rowOf(run.output, 'Settings')).toMatch(/FAILED: Invalid vmdrFindingSeverities \(VMDR_FINDING_SEVERITIES\)/);
  });
});

describe('doctor against servers that are not Qualys', () => {
  const webPage = useWebPageServer();

  test('exits 7 when the URL answers with a web page instead of Qualys XML', async () => {
    const run = await doctor({ QUALYS_API_URL: webPage.url(), QUALYS_USERNAME: 'someone', QUALYS_PASSWORD: 'some-password' });
    expect(run.code).toBe(7);
    expect(rowOf(run.output, 'Reachability')).toMatch(/OK: HTTP 200/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/FAILED: .*HTML page instead of XML titled "Welcome to nginx"/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/the API server URL of your platform/);
    // Its details say what the run would say: which setting, and where to find the URL.
    expect(run.output).toMatch(/qualysApiUrl \(QUALYS_API_URL\) .* did not answer as a Qualys API server/);
    expect(run.output).toMatch(/Help > About/);
    expect(run.output).not.toMatch(/kept failing|such failures are retried/);
  });

  test('exits 7 when nothing listens at the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const run = await doctor({ QUALYS_API_URL: `http://127.0.0.1:${port}`, QUALYS_USERNAME: 'someone', QUALYS_PASSWORD: 'some-password' });
    expect(run.code).toBe(7);
    expect(rowOf(run.output, 'Reachability')).toMatch(/FAILED: no answer: ECONNREFUSED/);
    expect(rowOf(run.output, 'Login (portal version)')).toMatch(/not checked: the server did not answer/);
  });

  test('exits 7 without any call when the URL is plain http to another machine', async () => {
    const run = await doctor({ QUALYS_API_URL: 'http://qualysapi.example.test', QUALYS_USERNAME: 'someone', QUALYS_PASSWORD: 'some-password' });
    expect(run.code).toBe(7);
    expect(rowOf(run.output, 'API URL')).toMatch(/FAILED: Invalid qualysApiUrl \(QUALYS_API_URL\): "http:" is not allowed/);
    expect(rowOf(run.output, 'Reachability')).toMatch(/not checked/);
  });

  test('exits 7 and suggests the demo when nothing is configured', async () => {
    const run = await doctor({});
    expect(run.code).toBe(7);
    expect(run.output).toContain('npm run doctor -- --simulator ok');
  });
});

describe('npm run doctor', () => {
  test('exits 0 with a full table when run against the simulator persona ok', async () => {
    const child = spawn('npm', ['run', '--silent', 'doctor', '--', '--simulator', 'ok'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, QUALYS_PASSWORD: 'must-not-be-used', QUALYS_RETRY_BASE_MS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);

    expect(code).toBe(0);
    expect(output).toMatch(/^DEMO: checking the built-in Qualys API simulator at http:\/\/127\.0\.0\.1:\d+ as its "ok" user/m);
    expect(output).toMatch(/^WAS findings {2,}OK: /m);
    expect(output).toContain('Exit code 0:');
    expect(output).not.toContain('demo-password');
  });
});
