import { fixture, nodesAt } from '../testing/xmlRecords';
import { readWebAppFinding } from './webAppFindings';

const FINDING_PATH = 'ServiceResponse/data/Finding';

describe('readWebAppFinding', () => {
  test('reads a real information-gathered finding with its webApp block', () => {
    const [node] = nodesAt(fixture('web-app-findings.xml'), FINDING_PATH);
    expect(readWebAppFinding(node)).toEqual({
      id: '3158304',
      uniqueId: 'c9d59cd1-8d7b-4cd4-8cdc-19cf09d5fd5c',
      qid: 150208,
      name: 'Missing header: Referrer-Policy',
      type: 'INFORMATION_GATHERED',
      potential: undefined,
      findingType: 'QUALYS',
      severity: 2,
      url: undefined,
      param: undefined,
      status: undefined,
      isIgnored: undefined,
      timesDetected: undefined,
      firstDetectedAt: Date.UTC(2020, 8, 10, 0, 8, 20),
      lastDetectedAt: Date.UTC(2020, 8, 10, 0, 8, 20),
      lastTestedAt: Date.UTC(2020, 8, 10, 0, 8, 20),
      fixedAt: undefined,
      webApp: { id: '81221901', name: 'Ask JupiterOne', url: 'http://ask.us.jupiterone.io' },
    });
  });

  test('reads every field of a vulnerability finding', () => {
    const [node] = nodesAt(fixture('web-app-findings-2022.xml'), FINDING_PATH);
    expect(readWebAppFinding(node)).toEqual({
      id: '9100001',
      uniqueId: '3f1e2d4c-1111-4a4a-9b9b-0123456789ab',
      qid: 150001,
      name: 'Reflected Cross-Site Scripting (XSS) Vulnerabilities',
      type: 'VULNERABILITY',
      potential: false,
      findingType: 'QUALYS',
      severity: 5,
      url: 'http://app.example.com/search?q=1',
      param: 'q',
      status: 'REOPENED',
      isIgnored: false,
      timesDetected: 4,
      firstDetectedAt: Date.UTC(2022, 4, 1, 10),
      lastDetectedAt: Date.UTC(2022, 5, 1, 10),
      lastTestedAt: Date.UTC(2022, 5, 1, 10),
      fixedAt: Date.UTC(2022, 4, 15, 10),
      webApp: { id: '251316904', name: 'PyGoat', url: 'http://app.example.com/' },
    });
  });

  test('gives undefined for a finding without an id', () => {
    const nodes = nodesAt(fixture('web-app-findings-2022.xml'), FINDING_PATH);
    expect(readWebAppFinding(nodes[1])).toBeUndefined();
  });
});
