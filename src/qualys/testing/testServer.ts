import { IncomingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request as the test server received it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Writes the answer to one request; may take its time (stalls, cuts). */
export type Reply = (res: ServerResponse, req: SeenRequest) => void | Promise<void>;

/**
 * A throwaway HTTP server on 127.0.0.1 with a free port. The n-th request
 * gets the n-th reply; once the list runs out the last reply repeats.
 */
export class TestServer {
  readonly requests: SeenRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: URL,
  ) {}

  static async start(replies: Reply | Reply[]): Promise<TestServer> {
    const list = Array.isArray(replies) ? replies : [replies];
    let instance: TestServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (!instance) return;
        const seen: SeenRequest = {
          method: req.method ?? '',
          url: new URL(req.url ?? '/', instance.url),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const index = Math.min(instance.requests.length, list.length - 1);
        instance.requests.push(seen);
        Promise.resolve(list[index](res, seen)).catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new TestServer(server, new URL(`http://127.0.0.1:${port}/`));
    return instance;
  }

  /** Stops listening and drops open connections, stalled ones included. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReplyOptions {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A whole body at once, XML by default. */
export function answer(body: string, options: ReplyOptions = {}): Reply {
  return (res) => {
    res.writeHead(options.status ?? 200, {
      'content-type': options.contentType ?? 'text/xml;charset=UTF-8',
      ...options.headers,
    });
    res.end(body);
  };
}

/** The body in pieces with a pause between them, then a clean end. */
export function inPieces(pieces: string[], pauseMs: number, options: ReplyOptions = {}): Reply {
  return async (res) => {
    res.writeHead(options.status ?? 200, {
      'content-type': options.contentType ?? 'text/xml;charset=UTF-8',
      ...options.headers,
    });
    for (const piece of pieces) {
      res.write(piece);
      await delay(pauseMs);
    }
    res.end();
  };
}

/** Sends the start of a body and then nothing more, leaving the socket open. */
export function stallAfter(start: string, options: ReplyOptions = {}): Reply {
  return (res) => {
    res.writeHead(options.status ?? 200, {
      'content-type': options.contentType ?? 'text/xml;charset=UTF-8',
      ...options.headers,
    });
    res.write(start);
  };
}

/** Sends the start of a body, then drops the connection mid-transfer. */
export function cutAfter(start: string, options: ReplyOptions = {}): Reply {
  return async (res) => {
    res.writeHead(options.status ?? 200, {
      'content-type': options.contentType ?? 'text/xml;charset=UTF-8',
      ...options.headers,
    });
    res.write(start);
    await delay(20);
    res.socket?.destroy();
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Test servers for one test file: `serve` starts one and remembers it, and
 * every server started is closed after each test.
 */
export function useTestServers(): (...replies: Reply[]) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (...replies: Reply[]) => {
    const server = await TestServer.start(replies);
    servers.push(server);
    return server;
  };
}
