import { QualysClient, RecordQuery } from './client';
import { AUTHORIZATION, PASSWORD, RecordingLogger, USERNAME, clientFor } from './testing/clientHarness';
import {
  answer,
  cutAfter,
  delay,
  inPieces,
  stallAfter,
  useTestServers,
} from './testing/testServer';
import { fixture } from './testing/xmlRecords';
import { qualysErrorOf } from './testing/qualysErrorOf';

const ID_PATH = 'HOST_LIST_OUTPUT/RESPONSE/ID_SET/ID';
const WEB_APP_PATH = 'ServiceResponse/data/WebApp';

function hostIdList(ids: number[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<!DOCTYPE HOST_LIST_OUTPUT SYSTEM "https://qualysapi.example.com/api/2.0/fo/asset/host/host_list_output.dtd">',
    '<HOST_LIST_OUTPUT><RESPONSE><DATETIME>2024-03-01T10:00:00Z</DATETIME><ID_SET>',
    ...ids.map((id) => `<ID>${id}</ID>`),
    '</ID_SET></RESPONSE></HOST_LIST_OUTPUT>',
  ].join('\n');
}

function simpleReturn(code: string, text: string, items: Record<string, string> = {}): string {
  const list = Object.entries(items)
    .map(([key, value]) => `<ITEM><KEY>${key}</KEY><VALUE>${value}</VALUE></ITEM>`)
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.example.com/api/2.0/simple_return.dtd">',
    `<SIMPLE_RETURN><RESPONSE><DATETIME>2024-03-01T10:00:00Z</DATETIME><CODE>${code}</CODE><TEXT>${text}</TEXT>`,
    list ? `<ITEM_LIST>${list}</ITEM_LIST>` : '',
    '</RESPONSE></SIMPLE_RETURN>',
  ].join('\n');
}

function serviceError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ServiceResponse><responseCode>${code}</responseCode><responseErrorDetails><errorMessage>${message}</errorMessage></responseErrorDetails></ServiceResponse>`;
}

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Scheduled Maintenance</title></head><body>Back soon</body></html>';

const serve = useTestServers();

function hostIdQuery(client: QualysClient): RecordQuery {
  return {
    family: 'fo',
    request: {
      method: 'GET',
      url: client.url('/api/2.0/fo/asset/host/', { action: 'list', details: 'None' }),
    },
    recordPaths: [ID_PATH],
    expectedRoot: 'HOST_LIST_OUTPUT',
  };
}

function webAppQuery(client: QualysClient): RecordQuery {
  return {
    family: 'qps',
    request: {
      method: 'POST',
      url: client.url('/qps/rest/3.0/search/was/webapp'),
      xml: '<ServiceRequest/>',
    },
    recordPaths: [WEB_APP_PATH],
    expectedRoot: 'ServiceResponse',
  };
}

async function texts(client: QualysClient, query: RecordQuery): Promise<string[]> {
  const out: string[] = [];
  for await (const record of client.records(query)) out.push(record.node.text.trim());
  return out;
}

/** Nothing the client says may carry the password or the Authorization value. */
function expectNoSecrets(logger: RecordingLogger, error?: Error): void {
  const said = [
    error?.message ?? '',
    error?.stack ?? '',
    JSON.stringify(logger.entries),
  ].join('\n');
  expect(said).not.toContain(PASSWORD);
  expect(said).not.toContain(AUTHORIZATION);
}

describe('QualysClient', () => {
  test('sends Basic auth and X-Requested-With and yields the records', async () => {
    const server = await serve(answer(hostIdList([1, 2, 3]), { contentType: 'application/xml' }));
    const { client, logger } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3']);
    const [request] = server.requests;
    expect(request.headers.authorization).toBe(`Basic ${AUTHORIZATION}`);
    expect(request.headers['x-requested-with']).toBeTruthy();
    expect(request.url.searchParams.get('action')).toBe('list');
    expect(client.stats.calls.get('GET /api/2.0/fo/asset/host/')).toBe(1);
    expectNoSecrets(logger);
  });

  test('hands the limit headers of a VM API answer to the limiter', async () => {
    const server = await serve(
      answer(hostIdList([1]), {
        headers: { 'x-concurrency-limit-limit': '1', 'x-ratelimit-remaining': '299', 'x-ratelimit-towait-sec': '0' },
      }),
    );
    const { client } = clientFor(server, { maxConcurrency: { fo: 4 } });

    expect(client.limiter.capacity('fo')).toBe(2);
    await texts(client, hostIdQuery(client));
    expect(client.limiter.capacity('fo')).toBe(1);
  });

  test('reports 401 SIMPLE_RETURN 2000 as credentials and does not retry', async () => {
    const server = await serve(answer(fixture('simple-return-bad-login.xml'), { status: 401 }));
    const { client, clock, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error).toMatchObject({ kind: 'credentials', status: 401, qualysCode: '2000', retryable: false });
    expect(error.message).toContain('Bad Login/Password');
    expect(error.message).toContain('GET /api/2.0/fo/asset/host/');
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expectNoSecrets(logger, error);
  });

  test('reports 200 SIMPLE_RETURN 2001 as expired and does not retry', async () => {
    const server = await serve(answer(fixture('simple-return-expired.xml')));
    const { client, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error).toMatchObject({ kind: 'expired', status: 200, qualysCode: '2001' });
    expect(error.message).toContain('This account has expired.');
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(logger, error);
  });

  test('reports 400 SIMPLE_RETURN 1905 as a bad request and does not retry', async () => {
    const server = await serve(answer(fixture('simple-return-bad-ids.xml'), { status: 400, contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error).toMatchObject({ kind: 'bad-request', status: 400, qualysCode: '1905' });
    expect(server.requests).toHaveLength(1);
  });

  test('retries once after 409 code 1960 and delivers the records once', async () => {
    const server = await serve(
      answer(simpleReturn('1960', 'Concurrency limit of 2 exceeded', { CALLS_TO_FINISH: '1' }), { status: 409 }),
      answer(hostIdList([1, 2, 3])),
    );
    const { client, clock, logger } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3']);
    expect(server.requests).toHaveLength(2);
    expect(client.stats.retries).toBe(1);
    expect(clock.sleeps).toHaveLength(1);
    expect(logger.warnings).toEqual([expect.stringMatching(/^Retrying GET \/api\/2\.0\/fo\/asset\/host\/ .*code 1960/)]);
    expectNoSecrets(logger);
  });

  test('waits at least SECONDS_TO_WAIT after 409 code 1965 before retrying', async () => {
    const server = await serve(
      answer(simpleReturn('1965', 'Rate limit exceeded', { SECONDS_TO_WAIT: '7' }), { status: 409 }),
      answer(hostIdList([4])),
    );
    const { client, clock } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['4']);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(7_000);
  });

  test('waits at least X-RateLimit-ToWait-Sec when the 409 body names no wait', async () => {
    const server = await serve(
      answer(simpleReturn('1965', 'Rate limit exceeded'), {
        status: 409,
        headers: { 'x-ratelimit-towait-sec': '9', 'x-ratelimit-remaining': '0' },
      }),
      answer(hostIdList([4])),
    );
    const { client, clock } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['4']);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(9_000);
  });

  test('waits for real between a 409 and its retry when given the system clock', async () => {
    const server = await serve(
      answer(simpleReturn('1960', 'Concurrency limit exceeded'), { status: 409 }),
      answer(hostIdList([5])),
    );
    const { client } = clientFor(server, { clock: undefined });
    const started = Date.now();
    const seen: Array<[string, number]> = [];
    for await (const record of client.records(hostIdQuery(client))) {
      seen.push([record.node.text, Date.now() - started]);
    }
    // Concurrency backoff for the first retry is 1-2 s; random 0 gives 1 s.
    expect(seen).toEqual([['5', expect.any(Number)]]);
    expect(seen[0][1]).toBeGreaterThanOrEqual(950);
  });

  test('gives up on repeated 409s after maxLimitAttempts', async () => {
    const server = await serve(answer(simpleReturn('1960', 'Concurrency limit exceeded'), { status: 409 }));
    const { client, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('concurrency');
    expect(server.requests).toHaveLength(4);
    expectNoSecrets(logger, error);
  });

  test('retries a 503 maintenance page and then reads the answer', async () => {
    const server = await serve(
      answer(MAINTENANCE_PAGE, { status: 503, contentType: 'text/html' }),
      answer(hostIdList([1, 2])),
    );
    const { client, logger } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2']);
    expect(server.requests).toHaveLength(2);
    expect(logger.warnings[0]).toContain('an HTML page instead of XML titled "Scheduled Maintenance"');
  });

  test('retries a 200 HTML page and reports it as transient when it persists', async () => {
    const server = await serve(answer(MAINTENANCE_PAGE, { contentType: 'text/html; charset=utf-8' }));
    const { client, clock, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('an HTML page instead of XML');
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expectNoSecrets(logger, error);
  });

  test('abandons a stalled body after idleTimeoutMs and succeeds on the retry', async () => {
    const whole = hostIdList([1, 2, 3]);
    const server = await serve(
      stallAfter(whole.slice(0, whole.indexOf('<ID>2'))),
      answer(whole),
    );
    const { client, logger } = clientFor(server, { idleTimeoutMs: 150 });

    const started = Date.now();
    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3']);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(2);
    expect(logger.warnings[0]).toContain('stalled');
  });

  test('abandons a response whose headers never come', async () => {
    const server = await serve(
      () => undefined,
      answer(hostIdList([7])),
    );
    const { client } = clientFor(server, { idleTimeoutMs: 150 });

    expect(await texts(client, hostIdQuery(client))).toEqual(['7']);
    expect(server.requests).toHaveLength(2);
  });

  test('retries a body cut mid-element and skips the records already delivered', async () => {
    const whole = hostIdList([1, 2, 3, 4]);
    const server = await serve(
      answer(whole.slice(0, whole.indexOf('<ID>3') + 5)),
      answer(whole),
    );
    const { client, logger } = clientFor(server);

    const seen: Array<[string, number]> = [];
    for await (const record of client.records(hostIdQuery(client))) {
      seen.push([record.node.text, server.requests.length]);
    }
    expect(seen).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 2],
      ['4', 2],
    ]);
    expect(logger.warnings[0]).toContain('the XML ended early');
    expect(logger.entries.find((e) => e.level === 'warn')?.fields).toMatchObject({ recordsAlreadyRead: 2 });
  });

  test('retries a connection dropped mid-body without repeating records', async () => {
    const whole = hostIdList([1, 2, 3, 4]);
    const server = await serve(
      cutAfter(whole.slice(0, whole.indexOf('<ID>2') + 5)),
      answer(whole),
    );
    const { client } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3', '4']);
    expect(server.requests).toHaveLength(2);
  });

  test('fails as transient when every attempt is cut, delivering each record once', async () => {
    const whole = hostIdList([1, 2, 3]);
    const server = await serve(answer(whole.slice(0, whole.indexOf('<ID>3'))));
    const { client, logger } = clientFor(server);

    const seen: string[] = [];
    const error = await qualysErrorOf(
      (async () => {
        for await (const record of client.records(hostIdQuery(client))) seen.push(record.node.text);
      })(),
    );
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('ended early');
    expect(seen).toEqual(['1', '2']);
    expect(server.requests).toHaveLength(3);
    expectNoSecrets(logger, error);
  });

  test('does not abandon a moving body because the consumer is slower than idleTimeoutMs', async () => {
    const whole = hostIdList([1, 2, 3]);
    const at = [whole.indexOf('<ID>2'), whole.indexOf('<ID>3')];
    const server = await serve(
      inPieces([whole.slice(0, at[0]), whole.slice(at[0], at[1]), whole.slice(at[1])], 20),
    );
    const { client } = clientFor(server, { idleTimeoutMs: 100 });

    const seen: string[] = [];
    for await (const record of client.records(hostIdQuery(client))) {
      seen.push(record.node.text);
      await delay(150);
    }
    expect(seen).toEqual(['1', '2', '3']);
    expect(server.requests).toHaveLength(1);
    expect(client.stats.retries).toBe(0);
  });

  test('reports QPS INVALID_CREDENTIALS under HTTP 200 as credentials', async () => {
    const server = await serve(answer(fixture('qps-invalid-credentials.xml'), { contentType: 'application/xml' }));
    const { client, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, webAppQuery(client)));
    expect(error).toMatchObject({ kind: 'credentials', status: 200, qualysCode: 'INVALID_CREDENTIALS' });
    expect(error.message).toContain('Authentication failed');
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(logger, error);
  });

  test('reports QPS UNAUTHORIZED for a missing module as module', async () => {
    const server = await serve(
      answer(serviceError('UNAUTHORIZED', 'Not authorized to access this module'), { contentType: 'application/xml' }),
    );
    const { client, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, webAppQuery(client)));
    expect(error).toMatchObject({ kind: 'module', qualysCode: 'UNAUTHORIZED' });
    expect(error.message).toContain('Not authorized to access this module');
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(logger, error);
  });

  test('yields no record of a QPS answer that is not SUCCESS', async () => {
    const body = `<ServiceResponse><responseCode>INVALID_REQUEST</responseCode><data><WebApp><id>1</id></WebApp></data></ServiceResponse>`;
    const server = await serve(answer(body, { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const seen: string[] = [];
    const error = await qualysErrorOf(
      (async () => {
        for await (const record of client.records(webAppQuery(client))) seen.push(record.path);
      })(),
    );
    expect(error.kind).toBe('bad-request');
    expect(seen).toEqual([]);
  });

  test('reads a QPS SUCCESS answer', async () => {
    const server = await serve(answer(fixture('web-apps-page-last.xml'), { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const records = await client.collect(webAppQuery(client));
    expect(records.filter((r) => r.path === WEB_APP_PATH)).toHaveLength(1);
    expect(server.requests[0].headers['content-type']).toMatch(/^text\/xml/);
    expect(server.requests[0].body).toBe('<ServiceRequest/>');
  });

  test('reports an unexpected root element as bad-response without retrying', async () => {
    const server = await serve(answer('<?xml version="1.0"?><SOMETHING_ELSE><ID>1</ID></SOMETHING_ELSE>'));
    const { client, logger } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('<SOMETHING_ELSE>, expected <HOST_LIST_OUTPUT>');
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(logger, error);
  });

  test('retries a 200 answer with a non-XML content type, then reports it as transient', async () => {
    const server = await serve(answer('{"hosts": []}', { contentType: 'application/json' }));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('content type "application/json" instead of XML');
    expect(server.requests.length).toBeGreaterThan(1);
  });

  test('reads XML sent as text/plain, logging the wrong content type once at debug level', async () => {
    const server = await serve(answer(hostIdList([1, 2, 3]), { contentType: 'text/plain; charset=UTF-8' }));
    const { client, logger } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3']);
    expect(server.requests).toHaveLength(1);
    const debug = logger.entries.filter((e) => e.level === 'debug');
    expect(debug).toHaveLength(1);
    expect(debug[0].message).toContain('content type "text/plain; charset=UTF-8" but an XML body');
    expect(logger.warnings).toEqual([]);
  });

  test('reads XML sent without a content type', async () => {
    const server = await serve((res) => {
      res.writeHead(200);
      res.end(fixture('web-apps-page-last.xml'));
    });
    const { client } = clientFor(server);

    const records = await client.collect(webAppQuery(client));
    expect(records.filter((r) => r.path === WEB_APP_PATH)).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  test('reads XML of the wrong content type whose first chunk is a single byte', async () => {
    const whole = hostIdList([4, 5]);
    const server = await serve(inPieces(['<', whole.slice(1, 60), whole.slice(60)], 20, { contentType: 'application/octet-stream' }));
    const { client } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['4', '5']);
    expect(server.requests).toHaveLength(1);
  });

  test('retries XML of the wrong content type cut mid-body without repeating records', async () => {
    const whole = hostIdList([1, 2, 3, 4]);
    const server = await serve(
      cutAfter(whole.slice(0, whole.indexOf('<ID>3') + 5), { contentType: 'text/plain' }),
      answer(whole, { contentType: 'text/plain' }),
    );
    const { client, logger } = clientFor(server);

    expect(await texts(client, hostIdQuery(client))).toEqual(['1', '2', '3', '4']);
    expect(server.requests).toHaveLength(2);
    expect(logger.entries.find((e) => e.level === 'warn')?.fields).toMatchObject({ recordsAlreadyRead: 2 });
  });

  test('retries 200 text/plain garbage and an HTML page sent as text/plain, then reports them as transient', async () => {
    const garbage = await serve(answer('upstream returned an unexpected answer\n\u0000\u0001 #### not xml ####\n', { contentType: 'text/plain; charset=UTF-8' }));
    const first = clientFor(garbage);
    const refused = await qualysErrorOf(texts(first.client, hostIdQuery(first.client)));
    expect(refused.kind).toBe('transient');
    expect(refused.message).toContain('content type "text/plain; charset=UTF-8" instead of XML');
    expect(garbage.requests).toHaveLength(3);

    const page = await serve(answer(MAINTENANCE_PAGE, { contentType: 'text/plain' }));
    const second = clientFor(page);
    const error = await qualysErrorOf(texts(second.client, hostIdQuery(second.client)));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('an HTML page instead of XML titled "Scheduled Maintenance"');
    expect(page.requests).toHaveLength(3);
    expect(second.logger.entries.filter((e) => e.level === 'debug')).toEqual([]);
  });

  test('refuses a document that declares entities as hostile, without retrying', async () => {
    const body = '<?xml version="1.0"?><!DOCTYPE HOST_LIST_OUTPUT [<!ENTITY x SYSTEM "file:///etc/passwd">]><HOST_LIST_OUTPUT>&x;</HOST_LIST_OUTPUT>';
    const server = await serve(answer(body));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('hostile-response');
    expect(server.requests).toHaveLength(1);
  });

  test('reports a 404 from a server that is not Qualys as not-qualys', async () => {
    const server = await serve(answer('Not Found', { status: 404, contentType: 'text/plain' }));
    const { client } = clientFor(server);

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('not-qualys');
    expect(server.requests).toHaveLength(1);
  });

  test('keeps credentials written into the API URL out of errors and requests', async () => {
    const server = await serve(answer(fixture('simple-return-bad-login.xml'), { status: 401 }));
    const apiUrl = new URL(server.url);
    apiUrl.username = USERNAME;
    apiUrl.password = PASSWORD;
    const { client, logger } = clientFor(server, { apiUrl });

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error.kind).toBe('credentials');
    expectNoSecrets(logger, error);
  });

  test('stops retrying when the time budget would be exceeded', async () => {
    const server = await serve(answer(simpleReturn('1965', 'Rate limit exceeded', { SECONDS_TO_WAIT: '120' }), { status: 409 }));
    const { client } = clientFor(server, { retry: { maxAttempts: 3, maxLimitAttempts: 10, budgetMs: 60_000 } });

    const error = await qualysErrorOf(texts(client, hostIdQuery(client)));
    expect(error).toMatchObject({ kind: 'rate-limit', waitSeconds: 120 });
    expect(server.requests).toHaveLength(1);
  });
});
