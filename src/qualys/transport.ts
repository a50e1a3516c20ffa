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
 */
export class QualysTransport {
  private readonly authorization: string;

  constructor(private readonly options: TransportOptions) {
    this.authorization = `Basic ${Buffer.from(
      `${options.username}:${options.password}`,
    ).toString('base64')}`;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const endpoint = endpointOf(request);
    const controller = new AbortController();
    const idle = new IdleTimer(this.options.idleTimeoutMs, () =>
      controller.abort(),
    );
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

    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
    } catch (err) {
      idle.stop();
      throw networkError(endpoint, err, idle.fired, this.options.idleTimeoutMs);
    }
    idle.touch();

    const stream = response.body;
    const timeoutMs = this.options.idleTimeoutMs;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (!stream) return;
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          // Only the server's silence counts, not the consumer's time with a
          // chunk; an abort while no read is pending also leaves fetch's next
          // read hanging for good.
          idle.stop();
          yield value;
          idle.touch();
        }
      } catch (err) {
        throw networkError(endpoint, err, idle.fired, timeoutMs);
      } finally {
        idle.stop();
        reader.releaseLock();
        // Abandoning a body half-read must free the socket at once.
        if (!controller.signal.aborted) controller.abort();
      }
    }

    return {
      status: response.status,
      headers: response.headers,
      body: chunks(),
      async readText(limit: number): Promise<string> {
        const decoder = new TextDecoder();
        let text = '';
        for await (const chunk of chunks()) {
          text += decoder.decode(chunk, { stream: true });
          if (text.length >= limit) break;
        }
        return text.slice(0, limit);
      },
      discard(): void {
        idle.stop();
        controller.abort();
      },
    };
  }
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
      detail: `no data received for ${Math.round(timeoutMs / 1000)} s; the response stalled`,
    });
  }
  const cause = err instanceof Error ? err : undefined;
  const inner = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = inner?.code ?? inner?.message ?? cause?.message ?? 'unknown network error';
  return new QualysError({
    kind: 'transient',
    endpoint,
    detail: `network error: ${reason}`,
  });
}
