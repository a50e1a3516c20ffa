import { IncomingMessage } from 'node:http';
import { decodeXmlText } from '../xml/escape';

/** A QPS ServiceRequest filter. */
export interface Criterion {
  field: string;
  operator: string;
  value: string;
}

/** What the simulator needs from a request, read once. */
export interface IncomingCall {
  method: string;
  path: string;
  /** Query and URL-encoded form merged; the form wins on a clash. */
  params: Record<string, string>;
  criteria: Criterion[];
  preferences: Record<string, string>;
  credentials?: { username: string; password: string };
  requestedWith?: string;
  /** Set when the body was too large or its ServiceRequest unreadable. */
  bodyProblem?: string;
}

/** Request bodies here are a form or a short ServiceRequest; anything bigger is a mistake. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads the whole request (its body is small) into an IncomingCall. */
export async function readIncomingCall(req: IncomingMessage): Promise<IncomingCall> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const params: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (params[key] = value));

  const call: IncomingCall = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    params,
    criteria: [],
    preferences: {},
    credentials: basicCredentials(req.headers.authorization),
    requestedWith: headerValue(req.headers['x-requested-with']),
  };

  const body = await readBody(req);
  if (body === undefined) {
    call.bodyProblem = `request body larger than ${MAX_BODY_BYTES} bytes`;
    return call;
  }
  if (body.length === 0) return call;

  const contentType = headerValue(req.headers['content-type']) ?? '';
  if (contentType.includes('x-www-form-urlencoded')) {
    new URLSearchParams(body).forEach((value, key) => (params[key] = value));
  } else if (/<ServiceRequest[\s>]/.test(body)) {
    parseServiceRequest(body, call);
  } else if (/^[\w.%-]+=/.test(body)) {
    // A form sent without its content type is still a form.
    new URLSearchParams(body).forEach((value, key) => (params[key] = value));
  }
  return call;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function basicCredentials(header: string | undefined): IncomingCall['credentials'] {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the parts of a QPS ServiceRequest the simulator acts on. A regular
 * expression is enough: the document is small and flat, and Qualys itself
 * only looks at preferences and filters.
 */
function parseServiceRequest(body: string, call: IncomingCall): void {
  const preferences = /<preferences>([\s\S]*?)<\/preferences>/.exec(body);
  if (preferences) {
    for (const m of preferences[1].matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
      call.preferences[m[1]] = decodeXmlText(m[2]).trim();
    }
  }
  for (const m of body.matchAll(/<Criteria\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Criteria>)/g)) {
    const attributes: Record<string, string> = {};
    for (const a of m[1].matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[a[1]] = decodeXmlText(a[2] ?? a[3] ?? '');
    }
    if (!attributes.field || !attributes.operator) {
      call.bodyProblem = 'Criteria needs both a field and an operator attribute';
      continue;
    }
    call.criteria.push({
      field: attributes.field,
      operator: attributes.operator.toUpperCase(),
      value: criterionValue(m[2] ?? ''),
    });
  }
}

function criterionValue(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  return cdata ? cdata[1] : decodeXmlText(raw).trim();
}
