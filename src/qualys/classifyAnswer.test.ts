import { classifyServiceResponse, classifySimpleReturn, classifyStatus } from './classifyAnswer';
import { nodesAt } from './testing/xmlRecords';
import { XmlNode } from './xml/xmlNode';

const CONTEXT = { endpoint: 'POST /api/2.0/fo/asset/host/vm/detection/', status: 409 };

function simpleReturn(inner: string): XmlNode {
  const [node] = nodesAt(`<SIMPLE_RETURN><RESPONSE>${inner}</RESPONSE></SIMPLE_RETURN>`, 'SIMPLE_RETURN/RESPONSE');
  return node;
}

function details(message: string): XmlNode {
  const [node] = nodesAt(
    `<ServiceResponse><responseErrorDetails><errorMessage>${message}</errorMessage></responseErrorDetails></ServiceResponse>`,
    'ServiceResponse/responseErrorDetails',
  );
  return node;
}

describe('classifySimpleReturn', () => {
  test.each([
    ['1960', 'concurrency'],
    ['1965', 'rate-limit'],
    ['1905', 'bad-request'],
    ['2000', 'credentials'],
    ['2001', 'expired'],
    ['2002', 'no-api-access'],
    ['2003', 'account-setup'],
    ['2012', 'permission'],
  ])('maps code %s to %s', (code, kind) => {
    const error = classifySimpleReturn(simpleReturn(`<CODE>${code}</CODE><TEXT>text</TEXT>`), CONTEXT);
    expect(error).toMatchObject({ kind, qualysCode: code, qualysText: 'text', status: 409 });
  });

  test('takes SECONDS_TO_WAIT, or the header when it asks for longer', () => {
    const node = simpleReturn(
      '<CODE>1965</CODE><TEXT>Rate limit exceeded</TEXT><ITEM_LIST><ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>30</VALUE></ITEM></ITEM_LIST>',
    );
    expect(classifySimpleReturn(node, CONTEXT).waitSeconds).toBe(30);
    expect(classifySimpleReturn(node, { ...CONTEXT, headerWaitSeconds: 45 }).waitSeconds).toBe(45);
  });

  test('falls back to the header wait when the body names none', () => {
    const node = simpleReturn('<CODE>1965</CODE>');
    expect(classifySimpleReturn(node, { ...CONTEXT, headerWaitSeconds: 12 }).waitSeconds).toBe(12);
    expect(classifySimpleReturn(node, CONTEXT).waitSeconds).toBeUndefined();
  });

  test('reads the text when the code is unknown, then the status', () => {
    const byText = classifySimpleReturn(simpleReturn('<CODE>9999</CODE><TEXT>Bad Login/Password</TEXT>'), { ...CONTEXT, status: 200 });
    expect(byText.kind).toBe('credentials');
    const byStatus = classifySimpleReturn(simpleReturn('<CODE>9999</CODE><TEXT>odd</TEXT>'), { ...CONTEXT, status: 503 });
    expect(byStatus.kind).toBe('transient');
  });
});

describe('classifyServiceResponse', () => {
  test('tells a missing module from a user without API access by the text', () => {
    const module = classifyServiceResponse('UNAUTHORIZED', details('Not authorized to access this module'), CONTEXT);
    expect(module.kind).toBe('module');
    const noApi = classifyServiceResponse('UNAUTHORIZED', details('User does not have API access'), CONTEXT);
    expect(noApi.kind).toBe('no-api-access');
  });

  test('maps an unknown responseCode to bad-response', () => {
    expect(classifyServiceResponse('SOMETHING_NEW', undefined, CONTEXT).kind).toBe('bad-response');
  });
});

describe('classifyStatus', () => {
  test.each([
    [401, 'credentials'],
    [403, 'permission'],
    [404, 'not-qualys'],
    [408, 'transient'],
    [409, 'concurrency'],
    [413, 'bad-request'],
    [429, 'rate-limit'],
    [502, 'transient'],
    [200, 'bad-response'],
  ])('maps HTTP %d to %s', (status, kind) => {
    expect(classifyStatus({ endpoint: 'GET /x', status }, undefined).kind).toBe(kind);
  });
});
