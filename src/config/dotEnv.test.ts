import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDotEnv, readSettingsDotEnv } from './dotEnv';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dot-env-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fileWith(lines: string[]): string {
  const file = path.join(dir, '.env');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

test('reads values as the JupiterOne CLI does: quotes removed, unquoted values trimmed, a # after a value kept', () => {
  const file = fileWith([
    '# a comment',
    'QUALYS_API_URL="https://qualysapi.qualys.com"',
    "QUALYS_USERNAME='acme_ab12'",
    'QUALYS_PASSWORD=  from-file # not a comment  ',
    'QUALYS_TAGS="line one\\nline two"',
    'ENABLE_WAS=',
    'not a setting line',
  ]);
  expect(readDotEnv(file)).toEqual({
    values: {
      QUALYS_API_URL: 'https://qualysapi.qualys.com',
      QUALYS_USERNAME: 'acme_ab12',
      QUALYS_PASSWORD: 'from-file # not a comment',
      QUALYS_TAGS: 'line one\nline two',
      ENABLE_WAS: '',
    },
    problems: [],
  });
});

test('reports an export line, which the CLI skips, instead of reading it', () => {
  const file = fileWith(['export QUALYS_API_URL=https://qualysapi.qualys.com', 'QUALYS_USERNAME=acme_ab12']);
  const { values, problems } = readSettingsDotEnv(file);
  expect(values).toEqual({ QUALYS_USERNAME: 'acme_ab12' });
  expect(problems).toEqual([
    '.env line 1: remove "export " before QUALYS_API_URL; the JupiterOne CLI skips lines that start with it, so QUALYS_API_URL would not be set',
  ]);
});

test('reports a $ the CLI would expand, without showing the value, and reads \\$ as a dollar sign', () => {
  const file = fileWith(['QUALYS_PASSWORD=pa$word', 'QUALYS_USERNAME=acme\\$1']);
  const { values, problems } = readSettingsDotEnv(file);
  expect(values.QUALYS_USERNAME).toBe('acme$1');
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^\.env line 1: the value of QUALYS_PASSWORD holds "\$"/);
  expect(problems[0]).not.toContain('pa$word');
});

test('leaves variables that are not settings of the integration alone', () => {
  const file = fileWith(['export PATH_EXTRA=/opt/bin', 'HOME_COPY=$HOME']);
  expect(readSettingsDotEnv(file)).toEqual({ values: { HOME_COPY: '$HOME' }, problems: [] });
});

test('gives nothing for a missing file', () => {
  expect(readDotEnv(path.join(dir, 'none.env'))).toEqual({ values: {}, problems: [] });
});

test('reports a $ in the environment value of a variable .env also sets, which the CLI expands as well', () => {
  const file = fileWith(['QUALYS_PASSWORD=placeholder', 'QUALYS_USERNAME=acme_ab12']);
  const { problems } = readSettingsDotEnv(file, { QUALYS_PASSWORD: 'real$X', QUALYS_USERNAME: 'plain', OTHER: 'a$b' });
  expect(problems).toEqual([
    'QUALYS_PASSWORD is set in the environment and in .env, so the JupiterOne CLI reads "$" in the environment\'s value as a reference to another variable too; remove QUALYS_PASSWORD from .env, or write \\$ for a dollar sign',
  ]);
  expect(problems.join(' ')).not.toContain('real$X');
  expect(readSettingsDotEnv(fileWith(['QUALYS_USERNAME=acme_ab12']), { QUALYS_PASSWORD: 'real$X' }).problems).toEqual([]);
});

test('treats the operator knobs (QUALYS_*) as the integration\'s own variables', () => {
  const file = fileWith(['export QUALYS_HOSTS_PER_REQUEST=500', 'QUALYS_REPORT_PATH=/tmp/rep$X.html']);
  expect(readSettingsDotEnv(file).problems.map((p) => p.slice(0, 12))).toEqual(['.env line 1:', '.env line 2:']);
});
