import { admitXmlAnswer, sniffXmlStart } from './answerGate';
import { RecordingLogger } from './testing/clientHarness';
import { HttpResponse, readBodyText } from './transport';
import { qualysErrorOf } from './testing/qualysErrorOf';

const ENDPOINT = 'GET /api/2.0/fo/asset/host/';
const DOCUMENT = '<?xml version="1.0" encoding="UTF-8"?><HOST_LIST_OUTPUT><ID>1</ID></HOST_LIST_OUTPUT>';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A response built from chunks, counting how many of them were pulled, so a
 * test can tell how far the gate read ahead.
 */
function fakeResponse(chunks: Buffer[], contentType?: string, status = 200) {
  const seen = { pulled: 0, discarded: false, stoppedEarly: false };
  async function* body(): AsyncGenerator<Uint8Array> {
    let complete = false;
    try {
      for (const chunk of chunks) {
        seen.pulled++;
        yield chunk;
      }
      complete = true;
    } finally {
      if (!complete) seen.stoppedEarly = true;
    }
  }
  const headers = new Headers(contentType === undefined ? {} : { 'content-type': contentType });
  const stream = body();
  const response: HttpResponse = {
    status,
    headers,
    body: stream,
    readText: (limit) => readBodyText(stream, limit),
    discard: () => {
      seen.discarded = true;
    },
  };
  return { response, seen };
}

function bytesOf(text: string, ...cuts: number[]): Buffer[] {
  const whole = Buffer.from(text);
  const at = [0, ...cuts, whole.length];
  return at.slice(1).map((end, i) => whole.subarray(at[i], end));
}

async function bodyText(response: HttpResponse): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('sniffXmlStart', () => {
  test.each([
    ['an XML declaration', DOCUMENT],
    ['an element', '<HOST_LIST_OUTPUT>'],
    ['blanks and a byte order mark before the declaration', '\uFEFF \r\n\t<?xml version="1.0"?>'],
    ['a short whole document', '<a/>'],
    ['an element with a non-ASCII name', '<Émission>'],
  ])('reads %s as XML', (_, text) => {
    expect(sniffXmlStart(text, true)).toBe('xml');
  });

  test.each([
    ['garbage', 'upstream returned an unexpected answer'],
    ['JSON', '{"hosts": []}'],
    ['an HTML page with a doctype', '<!DOCTYPE html><html><head></head></html>'],
    ['an HTML page without a doctype', ' <HTML><body>Back soon</body></HTML>'],
    ['an empty body', ''],
    ['blanks only', ' \n '],
    ['a comparison, not a tag', '< 5'],
  ])('refuses %s', (_, text) => {
    expect(sniffXmlStart(text, true)).toBe('not-xml');
  });

  test('waits for more of a start that could still be a declaration, an element or a page', () => {
    for (const start of ['', '\uFEFF', '  ', '<', '<?x', '<htm', '<HOS']) {
      expect([start, sniffXmlStart(start, false)]).toEqual([start, 'undecided']);
    }
  });

  test('decides at the first character that rules XML out, without waiting for more', () => {
    expect(sniffXmlStart('{', false)).toBe('not-xml');
    expect(sniffXmlStart('<!', false)).toBe('not-xml');
    expect(sniffXmlStart('<?p', false)).toBe('not-xml');
  });
});

describe('admitXmlAnswer', () => {
  test('passes an XML content type on without reading the body', async () => {
    const { response, seen } = fakeResponse(bytesOf(DOCUMENT), 'text/xml;charset=UTF-8');
    const logger = new RecordingLogger();

    expect(await admitXmlAnswer(response, ENDPOINT, logger)).toBe(response);
    expect(seen.pulled).toBe(0);
    expect(logger.entries).toEqual([]);
  });

  test('accepts XML sent as text/plain, reading only the first chunk ahead, and says so once at debug level', async () => {
    const { response, seen } = fakeResponse(bytesOf(DOCUMENT, 40, 60), 'text/plain; charset=UTF-8');
    const logger = new RecordingLogger();

    const admitted = await admitXmlAnswer(response, ENDPOINT, logger);
    expect(seen.pulled).toBe(1);
    expect(await bodyText(admitted)).toBe(DOCUMENT);
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]).toMatchObject({ level: 'debug', fields: { endpoint: ENDPOINT, contentType: 'text/plain; charset=UTF-8' } });
    expect(logger.entries[0].message).toContain('"text/plain; charset=UTF-8" but an XML body');
  });

  test('accepts XML without a content type', async () => {
    const { response } = fakeResponse(bytesOf(DOCUMENT));
    const logger = new RecordingLogger();

    expect(await bodyText(await admitXmlAnswer(response, ENDPOINT, logger))).toBe(DOCUMENT);
    expect(logger.entries[0].message).toContain('content type "none"');
  });

  test('reads a second chunk ahead when the first is a single byte, and loses neither', async () => {
    const { response, seen } = fakeResponse(bytesOf(DOCUMENT, 1, 30, 50), 'application/octet-stream');

    const admitted = await admitXmlAnswer(response, ENDPOINT, new RecordingLogger());
    expect(seen.pulled).toBe(2);
    expect(await bodyText(admitted)).toBe(DOCUMENT);
    expect(seen.pulled).toBe(4);
  });

  test('hands the parser the document without the byte order mark and blanks before it, even when split', async () => {
    const blanks = Buffer.from(' \r\n');
    const document = Buffer.from(DOCUMENT);
    const chunks = [BOM.subarray(0, 2), Buffer.concat([BOM.subarray(2), blanks.subarray(0, 1)]), Buffer.concat([blanks.subarray(1), document])];
    const { response } = fakeResponse(chunks, 'text/plain');

    expect(await bodyText(await admitXmlAnswer(response, ENDPOINT, new RecordingLogger()))).toBe(DOCUMENT);
  });

  test('refuses garbage sent as text/plain as transient, naming the content type', async () => {
    const { response } = fakeResponse(bytesOf('upstream returned an unexpected answer\n\u0000 #### not xml ####\n'), 'text/plain; charset=UTF-8');
    const logger = new RecordingLogger();

    const error = await qualysErrorOf(admitXmlAnswer(response, ENDPOINT, logger));
    expect(error).toMatchObject({ kind: 'transient', status: 200 });
    expect(error.message).toContain('content type "text/plain; charset=UTF-8" instead of XML');
    expect(logger.entries).toEqual([]);
  });

  test('refuses an HTML page sent as text/plain as a page, split or not', async () => {
    const page = '<html><head><title>Scheduled Maintenance</title></head><body>Back soon</body></html>';
    for (const chunks of [bytesOf(page), bytesOf(page, 1, 3)]) {
      const { response } = fakeResponse(chunks, 'text/plain');
      const error = await qualysErrorOf(admitXmlAnswer(response, ENDPOINT, new RecordingLogger()));
      expect(error.kind).toBe('transient');
      expect(error.message).toContain('an HTML page instead of XML titled "Scheduled Maintenance"');
    }
    const { response } = fakeResponse(bytesOf(`<!DOCTYPE html>${page}`), undefined);
    expect((await qualysErrorOf(admitXmlAnswer(response, ENDPOINT, new RecordingLogger()))).message).toContain('an HTML page');
  });

  test('refuses JSON and a body of blanks longer than it looks ahead', async () => {
    for (const body of ['{"hosts": []}', `${' '.repeat(10_000)}<a/>`]) {
      const { response } = fakeResponse(bytesOf(body, 1024, 2048, 3072, 4096, 5120), 'text/plain');
      const error = await qualysErrorOf(admitXmlAnswer(response, ENDPOINT, new RecordingLogger()));
      expect(error.message).toContain('instead of XML');
    }
  });

  test('does not look into an HTML content type or a non-2xx answer for XML', async () => {
    const html = fakeResponse(bytesOf(DOCUMENT), 'text/html');
    expect((await qualysErrorOf(admitXmlAnswer(html.response, ENDPOINT, new RecordingLogger()))).kind).toBe('transient');

    const missing = fakeResponse(bytesOf('Not Found'), 'text/plain', 404);
    expect((await qualysErrorOf(admitXmlAnswer(missing.response, ENDPOINT, new RecordingLogger()))).kind).toBe('not-qualys');
  });

  test('stops the underlying body when the consumer of an admitted body stops early', async () => {
    const { response, seen } = fakeResponse(bytesOf(DOCUMENT, 1, 30, 50), 'text/plain');
    const admitted = await admitXmlAnswer(response, ENDPOINT, new RecordingLogger());

    expect(await admitted.readText(10)).toBe(DOCUMENT.slice(0, 10));
    expect(seen.stoppedEarly).toBe(true);
    admitted.discard();
    expect(seen.discarded).toBe(true);
  });
});
