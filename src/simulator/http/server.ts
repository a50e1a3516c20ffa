import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { SimulatedSubscription } from '../model/subscription';
import { FaultOptions, RecordedRequest, SimulatedUser } from '../types';
import { authorize, Refusal } from './auth';
import { EndpointSettings, Exchange, sendQpsError, sendSimpleReturn, startResponse } from './exchange';
import { answerWithFault } from './faultAnswers';
import { FaultPlan, FaultPlanner } from './faults';
import { Ranges, inRanges, parseRanges } from '../endpoints/foParams';
import { IncomingCall, readIncomingCall } from './incomingCall';
import { FoLimits, LimitSettings } from './limits';
import { Route, routeFor } from './routes';

/** Options of the HTTP side, defaults applied. */
export interface ServerSettings {
  seed: number;
  users: readonly SimulatedUser[];
  limits: LimitSettings;
  faults: FaultOptions;
  endpoints: EndpointSettings;
}

/** Headers longer than Node's 16 KB default: a next-page URL repeats up to 1000 ids. */
const MAX_HEADER_BYTES = 256 * 1024;

/**
 * The HTTP side of the simulator: routing, authentication, the VM API's
 * limits, faults and the request log. Endpoints only produce answers.
 */
export class SimulatorServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly limits: FoLimits;
  private readonly faults: FaultPlanner;
  private baseUrl = '';
  private seq = 0;

  constructor(
    private readonly subscription: SimulatedSubscription,
    private readonly settings: ServerSettings,
  ) {
    this.limits = new FoLimits(settings.limits);
    this.faults = new FaultPlanner(settings.seed, settings.faults);
    this.server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => this.failed(res, err));
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1 only; resolves to the base URL. */
  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${address.port}`;
        resolve(this.baseUrl);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Stalled and kept-alive connections would hold close() open forever.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      seq: ++this.seq,
      method: (req.method ?? 'GET').toUpperCase(),
      path: (req.url ?? '/').split('?')[0],
      params: {},
      criteria: [],
      preferences: {},
      status: 0,
      startedAt: Date.now(),
    };
    this.requests.push(record);
    res.on('close', () => {
      record.endedAt = Date.now();
    });

    let call: IncomingCall;
    try {
      call = await readIncomingCall(req);
    } catch {
      // The client went away while sending its request: nobody to answer.
      res.destroy();
      return;
    }
    record.params = { ...call.params };
    record.criteria = call.criteria.map((c) => ({ ...c }));
    record.preferences = { ...call.preferences };
    record.username = call.credentials?.username;
    const base = { res, record, baseUrl: this.baseUrl };

    const route = routeFor(call.path);
    if (!route) {
      startResponse(base, 404, 'text/html; charset=UTF-8');
      res.end('<html><body><h1>404 Not Found</h1></body></html>\n');
      return;
    }
    if (!route.methods.includes(call.method)) {
      startResponse(base, 405, 'text/plain; charset=UTF-8', { Allow: route.methods.join(', ') });
      res.end(`${call.method} is not allowed here\n`);
      return;
    }

    const access = authorize(this.settings.users, call.credentials, route.api, route.service);
    if (access.refusal) return refuse(base, route, access.refusal);
    if (route.api === 'fo' && !call.requestedWith) {
      return sendSimpleReturn(base, 400, 1903, 'Missing required header: X-Requested-With');
    }
    if (call.bodyProblem) {
      return route.api === 'fo'
        ? sendSimpleReturn(base, 400, 1905, call.bodyProblem)
        : sendQpsError(base, route.xsdPath ?? '', 'INVALID_REQUEST', call.bodyProblem);
    }

    const downService = (this.settings.faults.failingServices ?? []).some((service) => service === route.service);
    if (downService || (route.service === 'detections' && this.coversFailingHost(call.params.ids))) {
      startResponse(base, 500, 'text/html; charset=UTF-8');
      res.end('<html><head><title>500 Internal Server Error</title></head><body>Internal Server Error</body></html>\n');
      return;
    }

    // The credential check stays clean so a run can always start.
    const fault = route.service === 'portal' ? undefined : this.faults.plan(requestKey(call), route.api);
    if (fault && answerWithFault(base, fault)) return;

    let limitHeaders: Record<string, string> = {};
    if (route.api === 'fo') {
      const endpoint = call.path.replace(/\/+$/, '');
      const admission =
        fault?.kind === 'conflict'
          ? this.limits.faultAnswer(endpoint, fault.conflictCode, fault.waitSeconds)
          : this.limits.admit(endpoint);
      if (!admission.admitted) {
        return sendSimpleReturn(base, 409, admission.code, admission.text, {
          items: admission.items,
          headers: admission.headers,
        });
      }
      res.on('close', admission.release);
      limitHeaders = admission.headers;
    }

    const exchange: Exchange = {
      ...base,
      call,
      subscription: this.subscription,
      settings: this.settings.endpoints,
      limitHeaders,
      fault: bodyFault(fault),
    };
    await route.handle(exchange, access.user);
  }

  /** Whether a detection request's `ids` name one of the failing hosts. */
  private coversFailingHost(ids: string | undefined): boolean {
    const failing = this.settings.faults.failingHostIds ?? [];
    if (!failing.length || !ids) return false;
    const ranges = parseRanges(ids);
    return ranges.value !== undefined && failing.some((id) => inRanges(ranges.value as Ranges, id));
  }

  private failed(res: ServerResponse, err: unknown): void {
    process.stderr.write(`simulator: request failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    if (res.headersSent) {
      res.destroy();
    } else {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8' });
      res.end('internal simulator error\n');
    }
  }
}

function refuse(base: Pick<Exchange, 'res' | 'record' | 'baseUrl'>, route: Route, refusal: Refusal): void {
  if (refusal.api === 'fo') {
    sendSimpleReturn(base, refusal.status, refusal.code, refusal.text);
  } else {
    sendQpsError(base, route.xsdPath ?? '', refusal.responseCode, refusal.message, refusal.resolution);
  }
}

function bodyFault(fault: FaultPlan | undefined): FaultPlan | undefined {
  return fault && (fault.kind === 'truncate' || fault.kind === 'stall') ? fault : undefined;
}

/** What makes two requests "the same request" for the fault rule. */
function requestKey(call: IncomingCall): string {
  const params = Object.keys(call.params)
    .sort()
    .map((k) => [k, call.params[k]]);
  return JSON.stringify([
    call.method,
    call.path.replace(/\/+$/, ''),
    call.credentials?.username ?? '',
    params,
    call.criteria,
    call.preferences,
  ]);
}
