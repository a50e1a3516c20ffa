import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { CaseRules, ExchangeRule, rulesForCase } from './caseRules';

/**
 * A loopback stand-in for the Qualys API that answers from one case folder of
 * `test/fixtures/cases/`. Each exchange there is `NN.request.json` (the route
 * it answers: method, path and optionally a scenario letter), `NN.meta.json`
 * (status, headers, optional delay or throttle) and `NN.response.<ext>` (the
 * body). The server records every request it gets, so tests can assert what
 * the collector asked for and when.
 *
 * Routing:
 * - an exchange answers requests with its method and path (duplicate and
 *   trailing slashes ignored); on the VM API (`/api/...`) GET and POST are
 *   interchangeable when no exchange lists the method actually used;
 * - exchanges sharing a route answer in NN order, and the last one keeps
 *   answering once all have been used;
 * - the case's own rules (`caseRules.ts`) can narrow an exchange to some
 *   requests, widen it to a path prefix, or make its body on the fly;
 * - a request no exchange answers gets an empty result of the right shape;
 * - `{{BASE_URL}}` in a body becomes this server's origin.
 */

export type AuthCheck = 'ok' | 'wrong' | 'none';

/** One `<Criteria field=".." operator="..">value</Criteria>` of a QPS search. */
export interface QpsCriterion {
  field: string;
  operator?: string;
  value: string;
}

export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** Path with duplicate and trailing slashes removed. */
  path: string;
  /** The request target exactly as sent (path and query). */
  rawUrl: string;
  query: Record<string, string>;
  /** Form fields of an `application/x-www-form-urlencoded` body. */
  form: Record<string, string>;
  /** Query and form together (form wins); repeated names joined by commas. */
  params: Record<string, string>;
  contentType?: string;
  /** The body as text (QPS XML searches, forms). */
  body: string;
  criteria: QpsCriterion[];
  /** Basic authentication compared with the expected user and password. */
  auth: AuthCheck;
  /** NN of the exchange that answered, undefined for a baseline answer. */
  exchange?: string;
  status?: number;
  /** Epoch milliseconds with sub-millisecond precision. */
  arrivedAt: number;
  /** When the answer was finished or abandoned (epoch ms). */
  endedAt?: number;
  bytesSent: number;
  /** True when the connection closed before the whole answer was sent. */
  aborted?: boolean;
}

export interface CaseServerOptions {
  scenario?: string;
  username: string;
  password: string;
  /** Honour `throttleBytesPerSec` of generated bodies (default true). */
  throttle?: boolean;
}

interface Exchange {
  nn: string;
  scenario?: string;
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  delayMs?: number;
  throttleBytesPerSec?: number;
  body?: Buffer;
  rule: ExchangeRule;
}

interface RequestFile {
  scenario?: string;
  method: string;
  path: string;
}

interface MetaFile {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  throttleBytesPerSec?: number;
}

const BODY_EXTENSIONS = ['xml', 'html', 'json', 'txt'];

export const CASES_DIR = path.resolve(__dirname, '../fixtures/cases');

export function normalizePath(p: string): string {
  const collapsed = p.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** "1,3,5-7" → [1, 3, 5, 6, 7]; tokens that are not ids or ranges are kept as text. */
export function expandIdList(value: string | undefined): string[] {
  const out: string[] = [];
  for (const token of (value ?? '').split(',').map((t) => t.trim()).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(token);
    if (range && Number(range[2]) >= Number(range[1]) && Number(range[2]) - Number(range[1]) <= 1_000_000) {
      for (let id = Number(range[1]); id <= Number(range[2]); id++) out.push(String(id));
    } else {
      out.push(token);
    }
  }
  return out;
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseCriteria(xml: string): QpsCriterion[] {
  const criteria: QpsCriterion[] = [];
  for (const match of xml.matchAll(/<Criteria\b([^>]*)>([\s\S]*?)<\/Criteria>/g)) {
    const attributes = new Map<string, string>();
    for (const attr of match[1].matchAll(/([\w.-]+)\s*=\s*"([^"]*)"/g)) attributes.set(attr[1], decodeXmlText(attr[2]));
    criteria.push({
      field: attributes.get('field') ?? '',
      operator: attributes.get('operator'),
      value: decodeXmlText(match[2].trim()),
    });
  }
  return criteria;
}

function paramsOf(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of new Set(search.keys())) out[name] = search.getAll(name).join(',');
  return out;
}

function loadExchanges(caseDir: string, rules: CaseRules): Exchange[] {
  const files = fs.readdirSync(caseDir).filter((f) => /^\d+\.request\.json$/.test(f)).sort();
  return files.map((file) => {
    const nn = file.split('.')[0];
    const request = JSON.parse(fs.readFileSync(path.join(caseDir, file), 'utf8')) as RequestFile;
    const metaPath = path.join(caseDir, `${nn}.meta.json`);
    const meta: MetaFile = fs.existsSync(metaPath) ? (JSON.parse(fs.readFileSync(metaPath, 'utf8')) as MetaFile) : {};
    const bodyPath = BODY_EXTENSIONS.map((ext) => path.join(caseDir, `${nn}.response.${ext}`)).find((p) => fs.existsSync(p));
    return {
      nn,
      scenario: request.scenario,
      method: request.method.toUpperCase(),
      path: normalizePath(request.path),
      status: meta.status ?? 200,
      headers: meta.headers ?? {},
      delayMs: meta.delayMs,
      throttleBytesPerSec: meta.throttleBytesPerSec,
      body: bodyPath ? fs.readFileSync(bodyPath) : undefined,
      rule: rules[nn] ?? {},
    };
  });
}

/** The scenario letters a case folder defines (empty when it has none). */
export function scenariosOf(caseName: string): string[] {
  const caseDir = path.join(CASES_DIR, caseName);
  const letters = new Set<string>();
  for (const file of fs.readdirSync(caseDir).filter((f) => /^\d+\.request\.json$/.test(f))) {
    const request = JSON.parse(fs.readFileSync(path.join(caseDir, file), 'utf8')) as RequestFile;
    if (request.scenario) letters.add(request.scenario);
  }
  return [...letters].sort();
}

const XML_HEADERS = { 'content-type': 'application/xml' };
const VM_ROOTS: Array<[RegExp, string]> = [
  [/\/asset\/host\/vm\/detection$/, 'HOST_LIST_VM_DETECTION_OUTPUT'],
  [/\/asset\/host$/, 'HOST_LIST_OUTPUT'],
  [/\/knowledge_base\/vuln$/, 'KNOWLEDGE_BASE_VULN_LIST_OUTPUT'],
  [/\/asset\/ip$/, 'IP_LIST_OUTPUT'],
];

/** The neutral answer for a route the case does not list. */
function baselineAnswer(request: RecordedRequest): { status: number; headers: Record<string, string>; body: string } {
  const xml = (inner: string) => ({ status: 200, headers: XML_HEADERS, body: `<?xml version="1.0" encoding="UTF-8"?>\n${inner}\n` });
  if (request.path === '/qps/rest/portal/version') {
    return xml(
      '<ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><data><Portal-Version>' +
        '<PortalApplication-VERSION>1.0.0-case</PortalApplication-VERSION></Portal-Version></data></ServiceResponse>',
    );
  }
  if (request.path.startsWith('/qps/')) {
    return xml('<ServiceResponse><responseCode>SUCCESS</responseCode><count>0</count><hasMoreRecords>false</hasMoreRecords></ServiceResponse>');
  }
  if (request.path.startsWith('/api/')) {
    const root = VM_ROOTS.find(([pattern]) => pattern.test(request.path))?.[1] ?? 'SIMPLE_RETURN';
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return xml(`<${root}><RESPONSE><DATETIME>${now}</DATETIME></RESPONSE></${root}>`);
  }
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not served by this case\n' };
}

function authOf(header: string | undefined, username: string, password: string): AuthCheck {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return 'none';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const ok = colon >= 0 && decoded.slice(0, colon) === username && decoded.slice(colon + 1) === password;
  return ok ? 'ok' : 'wrong';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const preciseNow = () => performance.timeOrigin + performance.now();

export class CaseServer {
  readonly requests: RecordedRequest[] = [];
  private readonly served = new Set<string>();
  private readonly exchanges: Exchange[];
  private readonly open = new Set<Readable>();
  private origin = '';

  private constructor(
    private readonly server: http.Server,
    exchanges: Exchange[],
    private readonly options: CaseServerOptions,
  ) {
    this.exchanges = exchanges;
  }

  /** Starts serving `test/fixtures/cases/<caseName>` on 127.0.0.1 with a free port. */
  static async start(caseName: string, options: CaseServerOptions): Promise<CaseServer> {
    const caseDir = path.join(CASES_DIR, caseName);
    const all = loadExchanges(caseDir, rulesForCase(caseName));
    const letters = [...new Set(all.map((e) => e.scenario).filter((s): s is string => !!s))];
    if (letters.length && !letters.includes(options.scenario ?? '')) {
      throw new Error(`${caseName} needs a scenario, one of ${letters.join(', ')}`);
    }
    const active = all.filter((e) => !e.scenario || e.scenario === options.scenario);
    let instance: CaseServer | undefined;
    const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
      if (!instance) return res.destroy();
      instance.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance = new CaseServer(server, active, options);
    instance.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return instance;
  }

  get url(): string {
    return this.origin;
  }

  /** NN of exchanges of the active scenario that never answered. */
  get unserved(): string[] {
    return this.exchanges.filter((e) => !this.served.has(e.nn)).map((e) => e.nn);
  }

  async close(): Promise<void> {
    for (const stream of this.open) stream.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pick(request: RecordedRequest): Exchange | undefined {
    const candidates = this.exchanges.filter((e) => {
      if (e.rule.accepts && !e.rule.accepts(request)) return false;
      if (e.rule.pathPrefix) return request.path.startsWith(e.rule.pathPrefix);
      if (e.path !== request.path) return false;
      const vmApi = request.path.startsWith('/api/') && ['GET', 'POST'].includes(request.method);
      return e.method === request.method || vmApi;
    });
    const sameMethod = candidates.filter((e) => e.rule.pathPrefix || e.method === request.method);
    const list = sameMethod.length ? sameMethod : candidates;
    const chosen = list.find((e) => !this.served.has(e.nn)) ?? list[list.length - 1];
    if (chosen) this.served.add(chosen.nn);
    return chosen;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrivedAt = preciseNow();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const contentType = req.headers['content-type'];
    const query = paramsOf(url.searchParams);
    const form = /x-www-form-urlencoded/i.test(contentType ?? '') ? paramsOf(new URLSearchParams(body)) : {};
    const request: RecordedRequest = {
      seq: this.requests.length + 1,
      method: (req.method ?? 'GET').toUpperCase(),
      path: normalizePath(url.pathname),
      rawUrl: req.url ?? '/',
      query,
      form,
      params: { ...query, ...form },
      contentType,
      body,
      criteria: /<Criteria\b/.test(body) ? parseCriteria(body) : [],
      auth: authOf(req.headers.authorization, this.options.username, this.options.password),
      arrivedAt,
      bytesSent: 0,
    };
    this.requests.push(request);
    res.on('close', () => {
      request.endedAt = preciseNow();
      request.aborted = !res.writableFinished;
    });

    const exchange = this.pick(request);
    request.exchange = exchange?.nn;
    if (!exchange) {
      const answer = baselineAnswer(request);
      return this.sendBuffer(res, request, answer.status, answer.headers, Buffer.from(answer.body));
    }
    if (exchange.delayMs) await sleep(exchange.delayMs);
    const generated = exchange.rule.body?.(request);
    if (generated) {
      const rate = this.options.throttle === false ? undefined : exchange.throttleBytesPerSec;
      return this.sendStream(res, request, exchange.status, exchange.headers, generated, rate);
    }
    let bytes = exchange.body ?? Buffer.alloc(0);
    if (bytes.includes('{{BASE_URL}}')) bytes = Buffer.from(bytes.toString('utf8').split('{{BASE_URL}}').join(this.origin));
    return this.sendBuffer(res, request, exchange.status, exchange.headers, bytes);
  }

  private sendBuffer(
    res: http.ServerResponse,
    request: RecordedRequest,
    status: number,
    headers: Record<string, string>,
    bytes: Buffer,
  ): void {
    request.status = status;
    request.bytesSent = bytes.length;
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
    res.end(bytes);
  }

  /** Pipes a generated body with back-pressure, at most `rate` bytes per second. */
  private async sendStream(
    res: http.ServerResponse,
    request: RecordedRequest,
    status: number,
    headers: Record<string, string>,
    source: Readable,
    rate: number | undefined,
  ): Promise<void> {
    request.status = status;
    this.open.add(source);
    res.on('close', () => source.destroy());
    res.writeHead(status, headers);
    const started = Date.now();
    try {
      for await (const chunk of source) {
        if (res.destroyed) break;
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        if (!res.write(buffer)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.on('drain', done);
            res.on('close', done);
          });
        }
        request.bytesSent += buffer.length;
        if (rate) {
          const ahead = started + (request.bytesSent * 1000) / rate - Date.now();
          if (ahead > 0) await sleep(ahead);
        }
      }
    } finally {
      this.open.delete(source);
    }
    if (!res.destroyed) res.end();
  }
}
