import {
  AnswerContext,
  classifyServiceResponse,
  classifySimpleReturn,
  classifyStatus,
} from './classifyAnswer';
import { QualysError } from './errors';
import { HttpResponse } from './transport';
import { parseXmlStream } from './xml/parseXmlStream';
import { XmlNode } from './xml/xmlNode';

/** Where Qualys puts an error report: the VM API's, and QPS's envelope. */
export const FO_ERROR_PATH = 'SIMPLE_RETURN/RESPONSE';
export const QPS_ENVELOPE = new Set(['ServiceResponse/responseCode', 'ServiceResponse/responseErrorDetails']);
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Checks an answer before it is parsed: anything but a 2xx XML answer becomes
 * a classified error, read from Qualys's error document where there is one
 * (within the first 64 kB), else from the page or the status.
 */
export async function refuseUnlessXml(response: HttpResponse, endpoint: string): Promise<void> {
  const contentType = response.headers.get('content-type') ?? '';
  const isXml = /\bxml\b/i.test(contentType);
  const ok = response.status >= 200 && response.status < 300;
  if (ok && isXml) return;

  const context = {
    endpoint,
    status: response.status,
    headerWaitSeconds: waitAskedFor(response.headers),
  };
  const text = await response.readText(ERROR_BODY_LIMIT).catch(() => '');
  if (/<SIMPLE_RETURN|<ServiceResponse/.test(text)) {
    const error = await errorFromDocument(text, context);
    if (error) throw error;
  }
  if (/^\s*(<!doctype html|<html)/i.test(text)) {
    // A maintenance page or a proxy's page, not Qualys's answer.
    throw new QualysError({
      ...context,
      waitSeconds: context.headerWaitSeconds,
      kind: ok || response.status >= 500 || response.status === 429 ? 'transient' : classifyStatus(context, undefined).kind,
      detail: `an HTML page instead of XML${titleOf(text)}`,
    });
  }
  if (ok) {
    // A 200 that is not XML comes from something between us and Qualys (a
    // proxy, a load balancer mid-failover): worth another attempt.
    throw new QualysError({
      ...context,
      waitSeconds: context.headerWaitSeconds,
      kind: 'transient',
      detail: `content type "${contentType || 'none'}" instead of XML`,
    });
  }
  throw classifyStatus(context, undefined);
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

