import { QualysError, QualysErrorKind } from './errors';
import { XmlNode, textAt, childrenAt } from './xml/xmlNode';

/**
 * Turns what Qualys said about a refused call into a classified error. The VM
 * ("fo") API answers with a SIMPLE_RETURN code, QPS with a responseCode, both
 * often under HTTP 200; where neither is readable the HTTP status decides.
 */

// SIMPLE_RETURN codes (Qualys API user guide, appendix "Error Codes").
const FO_CODES: Record<string, QualysErrorKind> = {
  '1901': 'bad-request',
  '1903': 'bad-request',
  '1904': 'bad-request',
  '1905': 'bad-request',
  '1907': 'bad-request',
  '1908': 'bad-request',
  '1920': 'concurrency',
  '1960': 'concurrency',
  '1965': 'rate-limit',
  '2000': 'credentials',
  '2001': 'expired',
  '2002': 'no-api-access',
  '2003': 'account-setup',
  '2011': 'account-setup',
  '2012': 'permission',
};

const QPS_CODES: Record<string, QualysErrorKind> = {
  INVALID_CREDENTIALS: 'credentials',
  EVALUATION_EXPIRED: 'expired',
  UNAUTHORIZED: 'module',
  INVALID_REQUEST: 'bad-request',
};

export interface AnswerContext {
  endpoint: string;
  status: number;
  /** X-RateLimit-ToWait-Sec, when the response carried it. */
  headerWaitSeconds?: number;
}

/** A SIMPLE_RETURN/RESPONSE element: the VM API's error report. */
export function classifySimpleReturn(
  response: XmlNode,
  context: AnswerContext,
): QualysError {
  const code = textAt(response, 'CODE');
  const text = textAt(response, 'TEXT');
  const items = new Map(
    childrenAt(response, 'ITEM_LIST', 'ITEM').map((item) => [
      textAt(item, 'KEY') ?? '',
      textAt(item, 'VALUE'),
    ]),
  );
  const secondsToWait = Number(items.get('SECONDS_TO_WAIT'));
  const kind =
    (code ? FO_CODES[code] : undefined) ??
    kindFromText(text) ??
    kindFromStatus(context.status);
  return new QualysError({
    kind,
    endpoint: context.endpoint,
    status: context.status,
    qualysCode: code,
    qualysText: text,
    waitSeconds: Number.isFinite(secondsToWait)
      ? Math.max(secondsToWait, context.headerWaitSeconds ?? 0)
      : context.headerWaitSeconds,
  });
}

/** A QPS ServiceResponse whose responseCode is not SUCCESS. */
export function classifyServiceResponse(
  responseCode: string,
  errorDetails: XmlNode | undefined,
  context: AnswerContext,
): QualysError {
  const message = textAt(errorDetails, 'errorMessage');
  const resolution = textAt(errorDetails, 'errorResolution');
  const text = [message, resolution].filter(Boolean).join(' ') || undefined;
  let kind = QPS_CODES[responseCode] ?? 'bad-response';
  // QPS reports both a missing module and a user without API access as
  // UNAUTHORIZED; only the text tells them apart.
  if (kind === 'module') kind = kindFromText(text) ?? 'module';
  return new QualysError({
    kind,
    endpoint: context.endpoint,
    status: context.status,
    qualysCode: responseCode,
    qualysText: text,
  });
}

/** No Qualys error document could be read: decide from the status alone. */
export function classifyStatus(
  context: AnswerContext,
  detail: string | undefined,
): QualysError {
  return new QualysError({
    kind: kindFromStatus(context.status),
    endpoint: context.endpoint,
    status: context.status,
    detail,
    waitSeconds: context.headerWaitSeconds,
  });
}

function kindFromText(text: string | undefined): QualysErrorKind | undefined {
  if (!text) return undefined;
  if (/api access|access to (the )?api/i.test(text)) return 'no-api-access';
  if (/expired/i.test(text)) return 'expired';
  if (/privilege|permission|user role|not allowed/i.test(text)) return 'permission';
  if (/bad login|password/i.test(text)) return 'credentials';
  return undefined;
}

function kindFromStatus(status: number): QualysErrorKind {
  if (status === 401) return 'credentials';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-qualys';
  if (status === 409) return 'concurrency';
  if (status === 429) return 'rate-limit';
  if (status === 408 || status >= 500) return 'transient';
  if (status >= 400) return 'bad-request';
  return 'bad-response';
}
