import { Clock, systemClock } from './clock';
import { QualysError } from './errors';
import { classifyServiceResponse, classifySimpleReturn } from './classifyAnswer';
import { ApiFamily, LimiterWait, SubscriptionLimiter } from './limiter';
import { retryDelayMs } from './retryDelay';
import { FO_ERROR_PATH, QPS_ENVELOPE, admitXmlAnswer } from './answerGate';
import { HttpRequest, HttpResponse, QualysTransport, endpointOf } from './transport';
import { parseXmlStream } from './xml/parseXmlStream';
import { XmlRecord, XmlRefusedError, XmlSyntaxError } from './xml/recordReader';
import { XmlNode } from './xml/xmlNode';

/** The subset of the SDK logger the client uses (fields first, then text). */
export interface ClientLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface RetryPolicy {
  /** Attempts for transient failures (5xx, stalls, cut-off bodies). */
  maxAttempts: number;
  /** Attempts for 409 concurrency/rate answers, which always clear in time. */
  maxLimitAttempts: number;
  /** No new attempt starts after this long since the first. */
  budgetMs: number;
  /** Backoff base for transient failures; the other kinds scale with it. */
  baseDelayMs: number;
}

export interface QualysClientOptions {
  apiUrl: URL;
  username: string;
  password: string;
  logger: ClientLogger;
  limiter?: SubscriptionLimiter;
  clock?: Clock;
  random?: () => number;
  idleTimeoutMs?: number;
  /** Characters kept of any one XML text node (scan results can be megabytes). */
  maxTextLength?: number;
  retry?: Partial<RetryPolicy>;
  /** Our own ceiling on parallel calls per API family. */
  maxConcurrency?: Partial<Record<ApiFamily, number>>;
}

export interface RecordQuery {
  family: ApiFamily;
  request: HttpRequest;
  /** Element paths whose elements are handed over whole. */
  recordPaths: string[];
  /** The document element a good answer has; anything else is an error. */
  expectedRoot: string;
  /** Fewer attempts for transient failures than the policy's, for this query. */
  maxAttempts?: number;
}

export interface ClientStats {
  calls: Map<string, number>;
  retries: number;
}

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  maxLimitAttempts: 20,
  budgetMs: 30 * 60_000,
  baseDelayMs: 1_000,
};

/**
 * Every Qualys call goes through here: the subscription limiter, the HTTP
 * exchange, the Qualys error reports (in any status), streaming XML parsing,
 * and retries with a reason. Records are yielded as they are parsed; when a
 * response fails part-way and is retried, the records already handed over are
 * skipped in the new answer, so the caller sees each record once.
 */
export class QualysClient {
  readonly apiUrl: URL;
  readonly limiter: SubscriptionLimiter;
  readonly stats: ClientStats;
  private readonly transport: QualysTransport;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly maxTextLength: number;
  private readonly logger: ClientLogger;

  constructor(
    private readonly options: QualysClientOptions,
    shared?: Pick<QualysClient, 'limiter' | 'stats'>,
  ) {
    // Credentials go only in the Authorization header: fetch refuses a URL
    // that carries them, and its refusal quotes the URL, password included.
    this.apiUrl = new URL(options.apiUrl);
    this.apiUrl.username = '';
    this.apiUrl.password = '';
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.retry = {
      maxAttempts: options.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
      maxLimitAttempts: options.retry?.maxLimitAttempts ?? DEFAULT_RETRY.maxLimitAttempts,
      budgetMs: options.retry?.budgetMs ?? DEFAULT_RETRY.budgetMs,
      baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    };
    this.maxTextLength = options.maxTextLength ?? 64 * 1024;
    this.transport = new QualysTransport({
      username: options.username,
      password: options.password,
      requestedWith: 'graph-qualys',
      idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
    });
    this.stats = shared?.stats ?? { calls: new Map(), retries: 0 };
    this.limiter =
      shared?.limiter ??
      options.limiter ??
      new SubscriptionLimiter({
        clock: this.clock,
        maxConcurrency: { fo: 4, qps: 4, ...options.maxConcurrency },
      });
  }

  /**
   * The same client (one limiter, one set of counters) logging through
   * another logger, so each step's retries and waits carry its step id.
   */
  withLogger(logger: ClientLogger): QualysClient {
    return new QualysClient({ ...this.options, logger }, this);
  }

  /** A URL on the configured API server. */
  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(path, this.apiUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      url.searchParams.set(key, value);
    }
    return url;
  }

  /** Streams the records of one logical request, retrying as needed. */
  async *records(query: RecordQuery): AsyncGenerator<XmlRecord> {
    const endpoint = endpointOf(query.request);
    const started = this.clock.now();
    let delivered = 0;

    for (let attempt = 1; ; attempt++) {
      const release = await this.limiter.acquire(query.family, query.request.url.pathname, (wait) => this.logWait(wait, endpoint));
      let seen = 0;
      try {
        this.count(endpoint);
        const sent = await this.transport.send(query.request);
        this.limiter.observe(query.family, query.request.url.pathname, sent.headers);
        // The gate may have read the body's start; parse what it hands back.
        const response = await admitXmlAnswer(sent, endpoint, this.logger);
        for await (const record of this.parse(response, query, endpoint)) {
          seen++;
          if (seen <= delivered) continue;
          delivered++;
          yield record;
        }
        return;
      } catch (err) {
        const error = asQualysError(err, endpoint);
        const wait = this.nextAttemptWait(error, attempt, started, query.maxAttempts);
        if (wait === undefined) throw attempt > 1 && error.retryable ? error.givenUpAfter(attempt) : error;
        if (error.kind === 'concurrency' || error.kind === 'rate-limit') {
          const limit = error.kind === 'concurrency' ? 'concurrency limit' : 'rate limit';
          this.limiter.pauseFamily(
            query.family,
            wait,
            `the subscription's ${limit} was reached (code ${error.qualysCode ?? error.status ?? '?'} in answer to ${endpoint})`,
          );
        }
        this.stats.retries++;
        this.logger.warn(
          { endpoint, attempt, waitMs: wait, kind: error.kind, qualysCode: error.qualysCode, status: error.status, recordsAlreadyRead: delivered },
          `Retrying ${endpoint} in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1}): ${error.message}`,
        );
        release();
        await this.clock.sleep(wait);
      } finally {
        release();
      }
    }
  }

  /**
   * A wait of the limiter, logged through this client's logger (so with the
   * step that waits) and naming the call that waits as well as the answer
   * that caused the pause.
   */
  private logWait(wait: LimiterWait, waiting: string): void {
    this.logger.info(
      { family: wait.family, path: wait.path, waitMs: Math.round(wait.waitMs), reason: wait.reason },
      `Waiting ${Math.ceil(wait.waitMs / 1000)} s before the next Qualys ${wait.family === 'fo' ? 'VM API' : 'QPS'} call (${waiting}): ${wait.reason}`,
    );
  }

  /** Every record of a small answer, collected (portal version, errors). */
  async collect(query: RecordQuery): Promise<XmlRecord[]> {
    const records: XmlRecord[] = [];
    for await (const record of this.records(query)) records.push(record);
    return records;
  }

  private count(endpoint: string): void {
    this.stats.calls.set(endpoint, (this.stats.calls.get(endpoint) ?? 0) + 1);
  }

  private nextAttemptWait(
    error: QualysError,
    attempt: number,
    started: number,
    maxAttempts = this.retry.maxAttempts,
  ): number | undefined {
    if (!error.retryable) return undefined;
    const limitKind = error.kind === 'concurrency' || error.kind === 'rate-limit';
    const max = limitKind ? this.retry.maxLimitAttempts : Math.min(maxAttempts, this.retry.maxAttempts);
    if (attempt >= max) return undefined;
    const wait = retryDelayMs({
      attempt,
      kind: error.kind,
      waitSeconds: error.waitSeconds,
      random: this.random(),
      baseMs: this.retry.baseDelayMs,
    });
    if (this.clock.now() + wait - started > this.retry.budgetMs) return undefined;
    return wait;
  }

  private async *parse(
    response: HttpResponse,
    query: RecordQuery,
    endpoint: string,
  ): AsyncGenerator<XmlRecord> {
    const context = { endpoint, status: response.status };
    let root: string | undefined;
    let responseCode: string | undefined;
    let details: XmlNode | undefined;
    const paths = [...query.recordPaths, FO_ERROR_PATH, ...QPS_ENVELOPE];
    try {
      const records = parseXmlStream(response.body, {
        recordPaths: paths,
        maxTextLength: this.maxTextLength,
        onRoot: (name) => {
          root = name;
          if (name !== query.expectedRoot && name !== 'SIMPLE_RETURN') {
            throw new QualysError({
              kind: 'bad-response',
              endpoint,
              status: response.status,
              detail: `the XML document is <${name}>, expected <${query.expectedRoot}>`,
            });
          }
        },
        onStrippedCharacters: (count) =>
          this.logger.warn(
            { endpoint, count },
            `Removed ${count} control character(s) that XML does not allow from the answer of ${endpoint}; the rest of the text is kept`,
          ),
      });
      for await (const record of records) {
        if (record.path === FO_ERROR_PATH) throw classifySimpleReturn(record.node, context);
        if (record.path === 'ServiceResponse/responseCode') {
          responseCode = record.node.text.trim();
          continue;
        }
        if (record.path === 'ServiceResponse/responseErrorDetails') {
          details = record.node;
          continue;
        }
        if (responseCode && responseCode !== 'SUCCESS') continue;
        yield record;
      }
    } catch (err) {
      response.discard();
      throw err;
    }
    if (responseCode && responseCode !== 'SUCCESS') {
      throw classifyServiceResponse(responseCode, details, context);
    }
    if (root === 'SIMPLE_RETURN') {
      throw new QualysError({ kind: 'bad-response', endpoint, status: response.status, detail: 'a SIMPLE_RETURN without a RESPONSE' });
    }
  }
}

function asQualysError(err: unknown, endpoint: string): QualysError {
  if (err instanceof QualysError) return err;
  if (err instanceof XmlRefusedError) {
    return new QualysError({ kind: 'hostile-response', endpoint, detail: err.message });
  }
  if (err instanceof XmlSyntaxError) {
    return new QualysError({
      kind: 'transient',
      endpoint,
      detail: err.truncated ? `the XML ended early (${err.message})` : `malformed XML (${err.message})`,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new QualysError({ kind: 'bad-response', endpoint, detail: message });
}

