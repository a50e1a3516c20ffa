import type { SimulatedSubscription } from './model/subscription';

/**
 * How a simulated user behaves. Each persona reproduces one account state a
 * collector must report clearly:
 * - `ok`: full access to every endpoint.
 * - `trial-no-api`: a trial account without API access; every call is refused.
 * - `reader`: a READER-role user; everything works except host detections.
 * - `no-was`: no Web Application Scanning module; WAS calls are refused and
 *   the portal version lists no WAS-VERSION.
 * - `expired`: the subscription has expired; every call says so.
 */
export type Persona = 'ok' | 'trial-no-api' | 'reader' | 'no-was' | 'expired';

/** A user the simulator accepts, and how its account behaves. */
export interface SimulatedUser {
  username: string;
  password: string;
  persona: Persona;
}

/**
 * Fault knobs. Each rate is the probability (0 to 1) that a data request is
 * answered with that fault instead of the real answer; together they should
 * not exceed 1. Faults are drawn from the seed and the request itself, and
 * a request that was just faulted is answered normally when it is repeated,
 * so a collector that retries always gets everything. The portal version
 * endpoint is never faulted.
 */
export interface FaultOptions {
  /** HTTP 503 with an HTML maintenance page. */
  errorRate?: number;
  /** Headers and part of the body, then silence for `stallMs`, then the connection is dropped. */
  stallRate?: number;
  /** How long a stall lasts; default 60,000 ms. */
  stallMs?: number;
  /** The XML body is cut mid-element and the response ends normally. */
  truncateRate?: number;
  /** HTTP 200 with a text/html maintenance page. */
  htmlRate?: number;
  /** HTTP 409 with code 1960 or 1965 and limit headers (VM API only). */
  conflictRate?: number;
  /** HTTP 200 with content-type text/plain and a body that is not XML. */
  wrongContentTypeRate?: number;
  /**
   * QWEB host ids whose detections can never be read: every detection
   * request that covers one of them fails (HTTP 500), however often it is
   * repeated, so a collector has to isolate them to get the rest.
   */
  failingHostIds?: number[];
  /**
   * Services that always fail (HTTP 500), however often they are asked: for
   * a collector's handling of one API that is down while the others work.
   */
  failingServices?: Array<'assets' | 'knowledge-base' | 'was'>;
}

/** The VM API's per-subscription limits; each VM API endpoint has its own counters. */
export interface LimitOptions {
  /** Calls that may run at once per endpoint; default 2. */
  concurrency?: number;
  /** Calls per window per endpoint; default 300. */
  ratePerWindow?: number;
  /** Window length in seconds; default 3600. */
  windowSeconds?: number;
}

/** Everything startSimulator accepts; every field is optional. */
export interface SimulatorOptions {
  /** Default 1. All data and all faults are deterministic from it. */
  seed?: number;
  /** Default 60. */
  hosts?: number;
  /** Mean detections per host; each host varies by up to a quarter. Default 8. */
  detectionsPerHost?: number;
  /** Default 4. */
  webApps?: number;
  /** Findings per scanned web app. Default 6. */
  findingsPerWebApp?: number;
  /** Default 0 (any free port). The server binds 127.0.0.1 only. */
  port?: number;
  /** Default DEFAULT_USERS. */
  users?: SimulatedUser[];
  limits?: LimitOptions;
  /** All off by default. */
  faults?: FaultOptions;
  /**
   * Largest page (hosts) the detection list and the detailed host list
   * honour; default 1000. A larger truncation_limit is lowered to it.
   */
  maxTruncationLimit?: number;
  /** Largest page of the id-only host list (details=None); default 1,000,000. */
  maxIdListTruncationLimit?: number;
  /**
   * Instant (epoch ms) generated dates are relative to. Default: the start of
   * the current hour. Pass a fixed value for byte-identical data across days.
   */
  now?: number;
}

/** One request as the simulator saw it. Never holds a password or the Authorization header. */
export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string and URL-encoded form body merged (the form wins). */
  params: Record<string, string>;
  /** QPS ServiceRequest filters. */
  criteria: { field: string; operator: string; value: string }[];
  /** QPS ServiceRequest preferences (limitResults, startFromOffset, ...). */
  preferences: Record<string, string>;
  /** HTTP status sent; 0 until the headers go out. */
  status: number;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms when the response finished or the connection closed. */
  endedAt?: number;
  /** The Basic-auth user name given, if any. */
  username?: string;
}

/** A simulator listening on 127.0.0.1, with its data and request log. */
export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** Every request so far, in arrival order. */
  requests: RecordedRequest[];
  subscription: SimulatedSubscription;
  /** Stops listening, drops open connections (stalled ones included) and resolves when closed. */
  close(): Promise<void>;
}
