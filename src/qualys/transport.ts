import http from 'node:http';
import https from 'node:https';
import { QualysError } from './errors';

/** One request, as the operations describe it; the URL carries no credentials. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** URL-encoded form body (VM API). */
  form?: URLSearchParams;
  /** XML ServiceRequest body (QPS API). */
  xml?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as it arrives; a stall longer than the idle timeout throws. */
  body: AsyncIterable<Uint8Array>;
  /** Reads at most `limit` bytes of the body as text and drops the rest. */
  readText(limit: number): Promise<string>;
  /** Stops reading and frees the connection. */
  discard(): void;
}

export interface TransportOptions {
  username: string;
  password: string;
  /** Qualys requires X-Requested-With on VM API calls. */
  requestedWith: string;
  /** No byte for this long, before the headers or between chunks: give up. */
  idleTimeoutMs: number;
}

/**
 * One HTTP exchange with Qualys: Basic auth, the headers Qualys wants, and an
 * idle timeout rather than a total one, so a slow but moving 500 MB detection
 * page is never cut off while a stalled one is abandoned.
 *
 * Built on node:http(s) rather than fetch: abandoning a fetch body (a stall,
 * a cut-off answer, an error page read only in part) settles undici's
 * promises twice, which the SDK then logs as an error with a stack trace.
 * Destroying a node:http response has no such echo.
 */
export class QualysTransport {
  private readonly authorization: string;
  // Connections are reused between calls; one that was abandoned part-way
  // is destroyed and never returns to the pool.
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };

  constructor(private readonly options: TransportOptions) {
    this.authorization = `Basic ${Buffer.from(
      `${options.username}:${options.password}`,
    ).toString('base64')}`;
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    const endpoint = endpointOf(request);
    const timeoutMs = this.options.idleTimeoutMs;
    const headers: Record<string, string> = {
      authorization: this.authorization,
      'x-requested-with': this.options.requestedWith,
      accept: 'application/xml, text/xml',
    };
    let body: string | undefined;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      body = request.form.toString();
    } else if (request.xml !== undefined) {
      headers['content-type'] = 'text/xml;charset=UTF-8';
      body = request.xml;
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const secure = request.url.protocol === 'https:';

    return new Promise<HttpResponse>((resolve, reject) => {
      let response: http.IncomingMessage | undefined;
      const idle = new IdleTimer(timeoutMs, () => {
        const stalled = networkError(endpoint, undefined, true, timeoutMs);
        if (response) response.destroy(stalled);
        else clientRequest.destroy(stalled);
      });
      const clientRequest = (secure ? https : http).request(
        request.url,
        { method: request.method, headers, agent: secure ? this.agents.https : this.agents.http },
        (res) => {
          response = res;
          idle.touch();
          resolve(wrapResponse(res, idle, endpoint, timeoutMs));
        },
      );
      clientRequest.on('error', (err) => {
        idle.stop();
        if (response) return; // reported through the body instead
        reject(err instanceof QualysError ? err : networkError(endpoint, err, idle.fired, timeoutMs));
      });
      clientRequest.end(body);
    });
  }
}

function wrapResponse(
  res: http.IncomingMessage,
  idle: IdleTimer,
  endpoint: string,
  timeoutMs: number,
): HttpResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let settled = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (settled) return;
    let complete = false;
    try {
      for await (const chunk of res) {
        // Only the server's silence counts, not the consumer's time with a
        // chunk, during which the socket is paused on purpose.
        idle.stop();
        yield chunk as Buffer;
        idle.touch();
      }
      complete = true;
    } catch (err) {
      throw err instanceof QualysError ? err : networkError(endpoint, err, idle.fired, timeoutMs);
    } finally {
      idle.stop();
      settled = true;
      // Abandoning a body half-read must free the connection at once.
      if (!complete) res.destroy();
    }
  }
  return {
    status: res.statusCode ?? 0,
    headers,
    body: chunks(),
    readText: (limit: number) => readBodyText(chunks(), limit),
    discard(): void {
      idle.stop();
      if (settled) return;
      settled = true;
      res.destroy();
    },
  };
}

/**
 * At most `limit` characters of a body as text. Stopping early ends the body's
 * iteration, which drops the rest of the answer and frees the connection.
 */
export async function readBodyText(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= limit) break;
  }
  return text.slice(0, limit);
}

/** `POST /api/2.0/fo/asset/host/vm/detection/`: no host, query or secrets. */
export function endpointOf(request: Pick<HttpRequest, 'method' | 'url'>): string {
  return `${request.method} ${request.url.pathname}`;
}

class IdleTimer {
  private timer: NodeJS.Timeout | undefined;
  fired = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.touch();
  }

  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function networkError(
  endpoint: string,
  err: unknown,
  timedOut: boolean,
  timeoutMs: number,
): QualysError {
  if (timedOut) {
    return new QualysError({
      kind: 'transient',
      endpoint,
      detail: `no data received for ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; the response stalled`,
    });
  }
  const cause = err instanceof Error ? (err as Error & { code?: string }) : undefined;
  const reason = cause?.code ?? cause?.message ?? 'unknown network error';
  return new QualysError({
    kind: 'transient',
    endpoint,
    detail: `network error: ${reason}`,
  });
}
