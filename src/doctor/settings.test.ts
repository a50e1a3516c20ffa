import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfiguredSettings } from './settings';

describe('readConfiguredSettings', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-settings-'));
    file = path.join(dir, '.env');
    fs.writeFileSync(file, ['# a comment', 'QUALYS_API_URL="https://qualysapi.qualys.com"', "QUALYS_USERNAME='acme_ab12'", 'QUALYS_PASSWORD=from-file', 'ENABLE_WAS=false'].join('\n'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prefers the environment over .env when both set a setting', () => {
    const settings = readConfiguredSettings({ QUALYS_PASSWORD: 'from-env' }, file);
    expect(settings.raw).toMatchObject({ qualysApiUrl: 'https://qualysapi.qualys.com', qualysPassword: 'from-env', enableWas: 'false' });
    expect(settings.sources).toMatchObject({ qualysUsername: '.env', qualysPassword: 'environment' });
  });

  test('gives the environment the collection would see: .env variables, knobs included, under the process environment', () => {
    fs.appendFileSync(file, '\nQUALYS_HOSTS_PER_REQUEST=0\nQUALYS_MAX_ATTEMPTS=3');
    const settings = readConfiguredSettings({ QUALYS_MAX_ATTEMPTS: '5' }, file);
    expect(settings.environment).toMatchObject({ QUALYS_HOSTS_PER_REQUEST: '0', QUALYS_MAX_ATTEMPTS: '5', ENABLE_WAS: 'false' });
  });

  test('returns nothing when there is neither environment nor file', () => {
    expect(readConfiguredSettings({}, path.join(dir, 'missing.env'))).toEqual({ raw: {}, sources: {}, problems: [], environment: {} });
  });
});
