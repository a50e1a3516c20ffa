import { QualysError, isQualysError } from './errors';

describe('QualysError', () => {
  test('names the endpoint, status, code and Qualys text, then the advice', () => {
    const error = new QualysError({
      kind: 'credentials',
      endpoint: 'GET /api/2.0/fo/asset/host/',
      status: 401,
      qualysCode: '2000',
      qualysText: 'Bad Login/Password',
    });
    expect(error.message).toMatch(
      /^GET \/api\/2\.0\/fo\/asset\/host\/ was answered with HTTP 401, code 2000: "Bad Login\/Password"\. Check qualysUsername/,
    );
    expect(error.code).toBe('QUALYS_CREDENTIALS');
    expect(error.retryable).toBe(false);
    expect(isQualysError(error)).toBe(true);
  });

  test('describes a failure without an answer by what was observed', () => {
    const error = new QualysError({ kind: 'transient', endpoint: 'GET /x', detail: 'network error: ECONNRESET' });
    expect(error.message).toMatch(/^GET \/x failed \(network error: ECONNRESET\)\. Qualys or the network/);
    expect(error.retryable).toBe(true);
  });

  test('marks only limit and transient kinds as retryable', () => {
    const kinds = ['rate-limit', 'concurrency', 'transient', 'bad-request', 'module', 'hostile-response'] as const;
    const retryable = kinds.map((kind) => new QualysError({ kind, endpoint: 'GET /x' }).retryable);
    expect(retryable).toEqual([true, true, true, false, false, false]);
    expect(new QualysError({ kind: 'not-qualys', endpoint: 'GET /x' }).code).toBe('QUALYS_NOT_QUALYS');
  });
});
