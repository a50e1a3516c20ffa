import { choiceList, integerList } from './parseSettings';

describe('list settings', () => {
  const severities = (value: string | undefined) => integerList('vmdrFindingSeverities', value, { min: 1, max: 5 }, [3, 4, 5]);
  const types = (value: string | undefined) => choiceList('vmdrFindingTypes', value, ['Confirmed', 'Potential', 'Info'], ['Confirmed']);

  test('take the default when unset or blank', () => {
    expect(severities(undefined)).toEqual([3, 4, 5]);
    expect(severities('  ')).toEqual([3, 4, 5]);
    expect(types('')).toEqual(['Confirmed']);
  });

  test('read the items, spaces and empty items aside', () => {
    expect(severities(' 4, 5,,')).toEqual([4, 5]);
    expect(types('potential , INFO')).toEqual(['Potential', 'Info']);
  });

  test('refuse a value of commas only, which lists nothing, rather than take the default', () => {
    expect(() => severities(',')).toThrow(/\(VMDR_FINDING_SEVERITIES\): "," lists no value\. Accepted: a comma-separated list of whole numbers from 1 to 5/);
    expect(() => types(' , ')).toThrow(/\(VMDR_FINDING_TYPES\): " , " lists no value\. Accepted: Confirmed, Potential, Info/);
  });

  test('refuse an item outside the accepted values', () => {
    expect(() => severities('3;4')).toThrow(/"3;4" is not a whole number from 1 to 5/);
    expect(() => types('Open')).toThrow(/"Open" is not a known value/);
  });
});
