import { buildServiceRequest, escapeXml, toQualysDate } from './serviceRequest';
import { nodesAt } from './testing/xmlRecords';
import { textAt } from './xml/xmlNode';

describe('buildServiceRequest', () => {
  test('writes preferences and criteria', () => {
    expect(
      buildServiceRequest({
        criteria: [{ field: 'webApp.id', operator: 'IN', value: '1,2' }],
        limitResults: 100,
        startFromOffset: 201,
      }),
    ).toBe(
      '<ServiceRequest><preferences><limitResults>100</limitResults><startFromOffset>201</startFromOffset></preferences>' +
        '<filters><Criteria field="webApp.id" operator="IN">1,2</Criteria></filters></ServiceRequest>',
    );
  });

  test('escapes values so that a hostile name stays one criterion', () => {
    const value = `a"b</Criteria><Criteria field="x">&'`;
    const xml = buildServiceRequest({ criteria: [{ field: 'name', operator: 'CONTAINS', value }] });
    const criteria = nodesAt(xml, 'ServiceRequest/filters/Criteria');
    expect(criteria).toHaveLength(1);
    expect(textAt(criteria[0])).toBe(value);
    expect(criteria[0].attributes).toEqual({ field: 'name', operator: 'CONTAINS' });
  });

  test('leaves out empty sections', () => {
    expect(buildServiceRequest({ criteria: [] })).toBe('<ServiceRequest></ServiceRequest>');
  });
});

describe('escapeXml', () => {
  test('escapes all five special characters', () => {
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});

describe('toQualysDate', () => {
  test('writes UTC without milliseconds', () => {
    expect(toQualysDate(Date.UTC(2024, 1, 3, 4, 5, 6, 789))).toBe('2024-02-03T04:05:06Z');
  });
});
