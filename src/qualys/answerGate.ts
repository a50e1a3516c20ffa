import {
  AnswerContext,
  classifyServiceResponse,
  classifySimpleReturn,
  classifyStatus,
} from './classifyAnswer';
import { BodyPeek } from './bodyPeek';
import { QualysError } from './errors';
import { HttpResponse } from './transport';
import { parseXmlStream } from './xml/parseXmlStream';
import { XmlNode } from './xml/xmlNode';

/** Where Qualys puts an error report: the VM API's, and QPS's envelope. */
export const FO_ERROR_PATH = 'SIMPLE_RETURN/RESPONSE';
export const QPS_ENVELOPE = new Set(['ServiceResponse/responseCode', 'ServiceResponse/responseErrorDetails']);
const ERROR_BODY_LIMIT = 64 * 1024;

/** What the gate logs: only that a body was read as XML despite its type. */
export interface GateLogger {
  debug(fields: object, message: string): void;
}

const XML_TYPE = /\bxml\b/i;
const HTML_TYPE = /\bhtml\b/i;
/** Bytes read ahead at most to find the first character that is not blank. */
const SNIFF_LIMIT_BYTES = 4096;
const LEADING_BOM_AND_BLANKS = /^\uFEFF?[ \t\r\n]*/;
const XML_DECLARATION = '<?xml';
const ELEMENT_START = /^<\p{L}/u;
const HTML_ELEMENT = /^<html/i;

/**
 * Checks an answer before it is parsed and returns the response to parse:
 * anything but a 2xx XML answer becomes a classified error, read from
 * Qualys's error document where there is one (within the first 64 kB), else
 * from the page or the status. A 2xx answer whose content type is wrong but
 * neither XML nor HTML is judged by how its body starts, since some Qualys
 * endpoints and proxies label XML text/plain or application/octet-stream.
 */
export async function admitXmlAnswer(
  response: HttpResponse,
  endpoint: string,
  logger: GateLogger,
): Promise<HttpResponse> {
  const contentType = response.headers.get('content-type') ?? '';
  const ok = response.status >= 200 && response.status < 300;
  if (ok && XML_TYPE.test(contentType)) return response;
  if (!ok || HTML_TYPE.test(contentType)) throw await refusal(response, endpoint, contentType);

  const sniffed = await sniffBody(response);
  if (!sniffed.xml) throw await refusal(sniffed.response, endpoint, contentType);
  logger.debug(
    { endpoint, status: response.status, contentType: contentType || 'none' },
    `${endpoint} answered with content type "${contentType || 'none'}" but an XML body; reading it as XML`,
  );
  return sniffed.response;
}

/**
 * Reads ahead only until the body's start tells XML from anything else; the
 * rest stays unread and streams to the parser. An accepted body is handed on
 * without its leading byte order mark and blanks, because the XML parser
 * refuses an XML declaration that is not the very first character.
 */
async function sniffBody(response: HttpResponse): Promise<{ xml: boolean; response: HttpResponse }> {
  const peek = new BodyPeek(response);
  let verdict: Verdict = 'undecided';
  while (verdict === 'undecided' && peek.bytesRead < SNIFF_LIMIT_BYTES) {
    await peek.readChunk();
    verdict = sniffXmlStart(peek.text, peek.ended);
  }
  if (verdict !== 'xml') return { xml: false, response: peek.rewound() };
  const leading = LEADING_BOM_AND_BLANKS.exec(peek.text)?.[0] ?? '';
  return { xml: true, response: peek.rewound(Buffer.byteLength(leading)) };
}

export type Verdict = 'xml' | 'not-xml' | 'undecided';

/**
 * XML when the text, after a byte order mark and blanks, starts with an XML
 * declaration or an element; an `<html` element is a web page, not Qualys.
 */
export function sniffXmlStart(text: string, ended: boolean): Verdict {
  const start = text.replace(LEADING_BOM_AND_BLANKS, '');
  if (start.startsWith(XML_DECLARATION)) return 'xml';
  // Fewer characters than "<html" cannot yet tell a page from an element.
  if (!ended && start.length < '<html'.length) {
    const couldBeXml = XML_DECLARATION.startsWith(start) || ELEMENT_START.test(start);
    return couldBeXml ? 'undecided' : 'not-xml';
  }
  return ELEMENT_START.test(start) && !HTML_ELEMENT.test(start) ? 'xml' : 'not-xml';
}

/** The classified error for an answer that is not a 2xx XML answer. */
async function refusal(response: HttpResponse, endpoint: string, contentType: string): Promise<QualysError> {
  const ok = response.status >= 200 && response.status < 300;
  const context = {
    endpoint,
    status: response.status,
    headerWaitSeconds: waitAskedFor(response.headers),
  };
  const text = await response.readText(ERROR_BODY_LIMIT).catch(() => '');
  if (/<SIMPLE_RETURN|<ServiceResponse/.test(text)) {
    const error = await errorFromDocument(text, context);
    if (error) return error;
  }
  if (/^\s*(<!doctype html|<html)/i.test(text)) {
    // A maintenance page or a proxy's page, not Qualys's answer.
    return new QualysError({
      ...context,
      waitSeconds: context.headerWaitSeconds,
      kind: ok || response.status >= 500 || response.status === 429 ? 'transient' : classifyStatus(context, undefined).kind,
      detail: `an HTML page instead of XML${titleOf(text)}`,
    });
  }
  if (ok) {
    // A 200 that is not XML comes from something between us and Qualys (a
    // proxy, a load balancer mid-failover): worth another attempt.
    return new QualysError({
      ...context,
      waitSeconds: context.headerWaitSeconds,
      kind: 'transient',
      detail: `content type "${contentType || 'none'}" instead of XML`,
    });
  }
  return classifyStatus(context, undefined);
}

async function errorFromDocument(
  text: string,
  context: AnswerContext,
): Promise<QualysError | undefined> {
  let found: QualysError | undefined;
  let responseCode: string | undefined;
  let details: XmlNode | undefined;
  try {
    const records = parseXmlStream(once(Buffer.from(text)), {
      recordPaths: [FO_ERROR_PATH, ...QPS_ENVELOPE],
      maxTextLength: 4096,
    });
    for await (const record of records) {
      if (record.path === FO_ERROR_PATH) found = classifySimpleReturn(record.node, context);
      if (record.path === 'ServiceResponse/responseCode') responseCode = record.node.text.trim();
      if (record.path === 'ServiceResponse/responseErrorDetails') details = record.node;
    }
  } catch {
    // A cut-off error body still tells the status; fall through.
  }
  if (!found && responseCode && responseCode !== 'SUCCESS') {
    found = classifyServiceResponse(responseCode, details, context);
  }
  return found;
}

/**
 * Seconds the server asked us to wait: Qualys's X-RateLimit-ToWait-Sec, or a
 * standard Retry-After (seconds or an HTTP date) from Qualys or a proxy.
 */
function waitAskedFor(headers: Headers): number | undefined {
  const toWait = Number(headers.get('x-ratelimit-towait-sec'));
  const retryAfter = headers.get('retry-after')?.trim();
  let retrySeconds = NaN;
  if (retryAfter) {
    retrySeconds = /^\d+$/.test(retryAfter)
      ? Number(retryAfter)
      : (Date.parse(retryAfter) - Date.now()) / 1000;
  }
  const wait = Math.max(Number.isFinite(toWait) ? toWait : 0, Number.isFinite(retrySeconds) ? retrySeconds : 0);
  // A server asking for more than an hour is not asking for a retry.
  return wait > 0 ? Math.min(Math.ceil(wait), 3600) : undefined;
}

function titleOf(html: string): string {
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(html)?.[1]?.trim();
  return title ? ` titled "${title}"` : '';
}

async function* once(buffer: Buffer): AsyncGenerator<Uint8Array> {
  yield buffer;
}

