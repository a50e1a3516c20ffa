import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import {
  MAX_ATTEMPTS,
  MAX_HOSTS_PER_REQUEST,
  MAX_TIMER_MS,
  clientKnobs,
  configuredReportPath,
  hostsPerRequestKnob,
  readOperatorKnobs,
  reportPathKnob,
} from './operatorKnobs';

/** The error `read` throws; fails the test when it throws none. */
function refusal(read: () => unknown): Error {
  try {
    read();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the knob to be refused');
}

const CLIENT_KNOBS = [
  ['QUALYS_IDLE_TIMEOUT_MS', 'idleTimeoutMs', 'milliseconds', MAX_TIMER_MS],
  ['QUALYS_RETRY_BUDGET_MS', 'retryBudgetMs', 'milliseconds', MAX_TIMER_MS],
  ['QUALYS_RETRY_BASE_MS', 'retryBaseMs', 'milliseconds', MAX_TIMER_MS],
] as const;

describe('operator knobs left unset', () => {
  test('read as undefined, so each part keeps its own default', () => {
    expect(readOperatorKnobs({}, '/')).toEqual({
      client: { idleTimeoutMs: undefined, maxAttempts: undefined, retryBudgetMs: undefined, retryBaseMs: undefined },
      hostsPerRequest: undefined,
      reportPath: undefined,
    });
  });

  test('treat an empty or blank value as unset', () => {
    const blank = Object.fromEntries(
      [...CLIENT_KNOBS.map(([name]) => name), 'QUALYS_HOSTS_PER_REQUEST', 'QUALYS_REPORT_PATH'].map((name, i) => [name, i % 2 ? '' : '   ']),
    );
    expect(readOperatorKnobs(blank, '/')).toEqual(readOperatorKnobs({}, '/'));
  });
});

describe.each(CLIENT_KNOBS)('%s', (name, field, unit, max) => {
  test.each([
    ['400', 400],
    [' 2500 ', 2500],
    ['0.5', 0.5],
  ])('accepts %j as %d', (given, expected) => {
    expect(clientKnobs({ [name]: given })[field]).toBe(expected);
  });

  test('accepts the largest value it allows', () => {
    expect(clientKnobs({ [name]: String(max) })[field]).toBe(max);
  });

  test.each(['-5', '0', 'abc', 'Infinity', '12ms', '0x10', '1e3', '+3', String(max + 1)])('refuses %j, naming the variable, the value and what is accepted', (given) => {
    const error = refusal(() => clientKnobs({ [name]: given }));
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toBe(
      `Invalid ${name} "${given}". Accepted: a number of ${unit} greater than 0 and at most ${max}. Fix it, or unset it to use the default.`,
    );
  });
});

describe('QUALYS_MAX_ATTEMPTS', () => {
  test.each([
    ['1', 1],
    [' 8 ', 8],
    [String(MAX_ATTEMPTS), MAX_ATTEMPTS],
  ])('accepts %j as %d', (given, expected) => {
    expect(clientKnobs({ QUALYS_MAX_ATTEMPTS: given }).maxAttempts).toBe(expected);
  });

  test.each(['0', '-1', '2.5', 'abc', '+3', '0x3', String(MAX_ATTEMPTS + 1)])('refuses %j with the accepted range', (given) => {
    const error = refusal(() => clientKnobs({ QUALYS_MAX_ATTEMPTS: given }));
    expect(error.message).toBe(
      `Invalid QUALYS_MAX_ATTEMPTS "${given}". Accepted: a whole number of attempts from 1 to ${MAX_ATTEMPTS}. Fix it, or unset it to use the default.`,
    );
  });
});

describe('QUALYS_HOSTS_PER_REQUEST', () => {
  test.each([
    ['1', 1],
    ['8', 8],
    [' 250 ', 250],
    [String(MAX_HOSTS_PER_REQUEST), MAX_HOSTS_PER_REQUEST],
  ])('accepts %j as %d', (given, expected) => {
    expect(hostsPerRequestKnob({ QUALYS_HOSTS_PER_REQUEST: given })).toBe(expected);
  });

  test.each(['0', '-1', '2.5', 'abc', '10001', '50000'])('refuses %j with the accepted range instead of clamping it', (given) => {
    const error = refusal(() => hostsPerRequestKnob({ QUALYS_HOSTS_PER_REQUEST: given }));
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toBe(
      `Invalid QUALYS_HOSTS_PER_REQUEST "${given}". Accepted: a whole number of hosts from 1 to 10000. Fix it, or unset it to use the default.`,
    );
  });
});

describe('QUALYS_REPORT_PATH', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-knobs-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const refusedPath = (given: string, cwd = dir): Error => refusal(() => reportPathKnob({ QUALYS_REPORT_PATH: given }, cwd));

  test('accepts a new file in an existing folder, and an existing file to replace', () => {
    const fresh = path.join(dir, 'report.html');
    expect(reportPathKnob({ QUALYS_REPORT_PATH: fresh }, '/')).toBe(fresh);
    const existing = path.join(dir, 'old.html');
    fs.writeFileSync(existing, 'old');
    expect(reportPathKnob({ QUALYS_REPORT_PATH: existing }, '/')).toBe(existing);
  });

  test('resolves a relative path against the working directory', () => {
    expect(reportPathKnob({ QUALYS_REPORT_PATH: ' out.html ' }, dir)).toBe(path.join(dir, 'out.html'));
  });

  test('refuses an existing directory', () => {
    const error = refusedPath(dir);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toBe(
      `Invalid QUALYS_REPORT_PATH "${dir}": ${dir} is a directory. Accepted: the path of an .html file (its folder is made if missing), not a directory, not under /proc, /sys, /dev. Fix it, or unset it to write the report beside the collected graph.`,
    );
  });

  test('accepts a file whose folder does not exist yet, such as one in .j1-integration before the SDK makes it', () => {
    expect(reportPathKnob({ QUALYS_REPORT_PATH: '.j1-integration/custom.html' }, dir)).toBe(path.join(dir, '.j1-integration/custom.html'));
  });

  test.each(['.j1-integration/summary.json', '.j1-integration/graph/r.json', '.j1-integration', 'report'])(
    'refuses %s, which is not an .html file name (the SDK writes its own files there)',
    (given) => {
      expect(refusedPath(given).message).toMatch(/is not an \.html file name/);
    },
  );

  test('refuses a path starting with ~, which would make a folder named "~"', () => {
    expect(refusedPath('~/report.html').message).toContain('a path starting with ~ is not expanded here');
  });

  test('refuses a file under a file, where no folder can be made', () => {
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, '');
    expect(refusedPath(path.join(file, 'sub', 'report.html')).message).toContain(
      `its folder ${path.join(file, 'sub')} cannot be made: ${file} is not a directory`,
    );
  });

  test.each(['/proc/self/report.html', '/sys/report.html', '/dev/null', '/dev', '/proc'])('refuses %s, in a pseudo file system', (given) => {
    expect(refusedPath(given).message).toContain(`"${given}": ${given} is under /proc, /sys, /dev. Accepted:`);
  });

  test('refuses a folder that is a symbolic link into a pseudo file system', () => {
    if (!fs.existsSync('/proc/self')) return; // not Linux: nothing to link to
    const link = path.join(dir, 'proc-link');
    fs.symlinkSync('/proc/self', link);
    expect(refusedPath(path.join(link, 'report.html')).message).toMatch(/proc-link\/report\.html leads to \/proc\/\d+\/report\.html, under \/proc/);
  });

  test('is only resolved, not checked, for the report step at the end of the run', () => {
    expect(configuredReportPath({ QUALYS_REPORT_PATH: '/dev/null' }, '/')).toBe('/dev/null');
    expect(configuredReportPath({ QUALYS_REPORT_PATH: 'r.html' }, dir)).toBe(path.join(dir, 'r.html'));
    expect(configuredReportPath({ QUALYS_REPORT_PATH: ' ' }, dir)).toBeUndefined();
  });
});

describe('a refused knob', () => {
  test('is a configuration error whose stack is only its message', () => {
    const error = refusal(() => readOperatorKnobs({ QUALYS_MAX_ATTEMPTS: 'many' }, '/'));
    expect(error.name).toBe('ConfigurationError');
    expect(error.stack).toBe(`ConfigurationError: ${error.message}`);
  });
});
