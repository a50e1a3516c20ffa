import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUN_SHAPING_VARIABLES, forcesFullRun, readLastRun, runIdentity, withoutCredentials, writeLastRun } from './lastRunState';

describe('the identity a last run is kept under', () => {
  const base = { VMDR_FINDING_SEVERITIES: '4,5' };

  test('covers the day windows and the results switch, not only the filters', () => {
    for (const name of ['MIN_SCANNED_SINCE_DAYS', 'MIN_FINDINGS_SINCE_DAYS', 'VMDR_FINDING_RESULTS', 'VMDR_FINDING_SEVERITIES', 'ENABLE_WAS']) {
      expect(RUN_SHAPING_VARIABLES).toContain(name);
    }
  });

  test('changes when a window is widened', () => {
    const before = runIdentity('https://qualysapi.qualys.com', 'alice', base);
    const after = runIdentity('https://qualysapi.qualys.com', 'alice', { ...base, MIN_SCANNED_SINCE_DAYS: '90' });
    expect(after).not.toBe(before);
  });

  test('never holds the password, nor credentials written into the URL', () => {
    const identity = runIdentity('https://me:hunter2@qualysapi.qualys.com', 'alice', { ...base, QUALYS_PASSWORD: 'pw-secret' });
    expect(identity).not.toContain('hunter2');
    expect(identity).not.toContain('pw-secret');
    expect(RUN_SHAPING_VARIABLES).not.toContain('QUALYS_PASSWORD');
    expect(withoutCredentials('not a url //me:pw@host')).not.toContain('pw@');
  });

  test('is read back only when it matches', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'last-run-')), 'state.json');
    const identity = runIdentity('https://qualysapi.qualys.com', 'alice', base);
    expect(readLastRun(file, identity)).toBeUndefined();
    writeLastRun(file, identity, 1234);
    expect(readLastRun(file, identity)).toBe(1234);
    expect(readLastRun(file, runIdentity('https://qualysapi.qualys.com', 'bob', base))).toBeUndefined();
    fs.writeFileSync(file, '{ not json');
    expect(readLastRun(file, identity)).toBeUndefined();
  });
});

describe('FORCE_FULL_RUN', () => {
  test.each(['true', 'yes', 'on', '1', ' TRUE '])('%j forces a full run, as the run reads it', (value) => {
    expect(forcesFullRun(value)).toBe(true);
  });

  test.each([undefined, '', 'false', 'off', '0'])('%j does not', (value) => {
    expect(forcesFullRun(value)).toBe(false);
  });

  test('a value the run would refuse is not taken as no', () => {
    expect(forcesFullRun('maybe')).toBe(true);
  });
});
