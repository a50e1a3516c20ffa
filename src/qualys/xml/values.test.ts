import { toDecimal, toEpochMs, toFlag, toId, toInteger } from './values';

describe('toEpochMs', () => {
  test('reads a UTC timestamp', () => {
    expect(toEpochMs('2020-09-29T21:33:33Z')).toBe(Date.UTC(2020, 8, 29, 21, 33, 33));
  });

  test('ignores surrounding whitespace and line breaks', () => {
    expect(toEpochMs('\n      2020-08-05T19:00:23Z')).toBe(Date.UTC(2020, 7, 5, 19, 0, 23));
    expect(toEpochMs('  2020-08-05T19:00:23Z \r\n\t')).toBe(Date.UTC(2020, 7, 5, 19, 0, 23));
  });

  test('reads a timestamp without a zone as UTC', () => {
    expect(toEpochMs('2020-09-29T21:33:33')).toBe(Date.UTC(2020, 8, 29, 21, 33, 33));
    expect(toEpochMs('2020-09-29 21:33')).toBe(Date.UTC(2020, 8, 29, 21, 33));
    expect(toEpochMs('2020-09-29')).toBe(Date.UTC(2020, 8, 29));
  });

  test('honours an offset and fractional seconds', () => {
    expect(toEpochMs('2020-09-29T23:33:33+02:00')).toBe(Date.UTC(2020, 8, 29, 21, 33, 33));
    expect(toEpochMs('2020-09-29T21:33:33.250Z')).toBe(Date.UTC(2020, 8, 29, 21, 33, 33, 250));
  });

  test.each([
    [''],
    ['   '],
    ['yesterday'],
    ['NaN'],
    ['undefined'],
    ['2020-13-45T99:99:99Z'],
    ['2020-09-29T21:33:33Z trailing'],
    ['1601415213000'],
    ['29/09/2020'],
  ])('gives undefined, never NaN, for %j', (text) => {
    expect(toEpochMs(text)).toBeUndefined();
  });

  test('gives undefined for an absent value', () => {
    expect(toEpochMs(undefined)).toBeUndefined();
  });
});

describe('toInteger', () => {
  test.each([
    ['42', 42],
    [' 42\n', 42],
    ['-3', -3],
    ['+7', 7],
    ['0', 0],
    ['9007199254740991', 9007199254740991],
  ])('reads %j as %d', (text, value) => {
    expect(toInteger(text)).toBe(value);
  });

  test.each([
    [''],
    ['4 2'],
    ['42abc'],
    ['0x10'],
    ['1e3'],
    ['3.0'],
    ['NaN'],
    ['Infinity'],
    ['9007199254740993'],
    ['2152878541443265333'],
    ['381\uFFFD0'],
  ])('rejects %j', (text) => {
    expect(toInteger(text)).toBeUndefined();
  });

  test('gives undefined for an absent value', () => {
    expect(toInteger(undefined)).toBeUndefined();
  });
});

describe('toDecimal', () => {
  test.each([
    ['7.5', 7.5],
    [' 9.8\n', 9.8],
    ['.5', 0.5],
    ['5.', 5],
    ['10', 10],
    ['-1.25', -1.25],
  ])('reads %j as %d', (text, value) => {
    expect(toDecimal(text)).toBe(value);
  });

  test.each([[''], ['7.5 (AV:N)'], ['NaN'], ['Infinity'], ['1e3'], ['.'], ['1.2.3']])('rejects %j', (text) => {
    expect(toDecimal(text)).toBeUndefined();
  });
});

describe('toFlag', () => {
  test.each([
    ['1', true],
    ['0', false],
    ['true', true],
    ['false', false],
    ['TRUE', true],
    [' False\n', false],
  ])('reads %j as %s', (text, value) => {
    expect(toFlag(text)).toBe(value);
  });

  test.each([[''], ['2'], ['yes'], ['no'], ['-1']])('gives undefined for %j', (text) => {
    expect(toFlag(text)).toBeUndefined();
  });

  test('gives undefined for an absent value', () => {
    expect(toFlag(undefined)).toBeUndefined();
  });
});

describe('toId', () => {
  test('keeps an id above 2^53 as the exact string', () => {
    expect(toId('2152878541443265333')).toBe('2152878541443265333');
  });

  test('keeps leading zeros and drops surrounding whitespace', () => {
    expect(toId(' 012345678901\n')).toBe('012345678901');
  });

  test.each([[''], ['12a'], ['-5'], ['1.0'], ['i-0abc']])('rejects %j', (text) => {
    expect(toId(text)).toBeUndefined();
  });
});
