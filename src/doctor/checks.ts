import { calculateConfig } from '../config/calculateConfig';
import { CalculatedConfig, QualysIntegrationConfig } from '../config/types';
import { validateApiUrl } from '../config/validateApiUrl';
import { ClientLogger, QualysClient } from '../qualys/client';
import { QualysError, isQualysError } from '../qualys/errors';
import { iterateHostAssets } from '../qualys/operations/hostAssets';
import { iterateHostDetections } from '../qualys/operations/hostDetections';
import { iterateHostIds } from '../qualys/operations/hostIds';
import { iterateKnowledgeBase } from '../qualys/operations/knowledgeBase';
import { fetchPortalVersion } from '../qualys/operations/portalVersion';
import { iterateWebAppFindings } from '../qualys/operations/webAppFindings';
import { iterateWebApps } from '../qualys/operations/webApps';
import { Cause, Part, askFor, causeOf } from './verdict';
import { credentialCheckMessage } from '../credentialCheckMessage';

export interface CheckRow {
  check: string;
  /** Method and path of the call, empty for checks that make none. */
  endpoint: string;
  status: 'ok' | 'failed' | 'not checked';
  /** "OK: …", Qualys's exact answer, or why the check was not made. */
  result: string;
  askFor: string;
  cause?: Cause;
  /** For optional parts: what the collection would go without. */
  without?: string;
  /** The whole explanation, for the details under the table. */
  advice?: string;
}

export interface CheckOptions {
  now: number;
  /** Text Qualys said may quote the user name; this hides it. */
  redact: (qualysText: string) => string;
  retryBaseMs?: number;
  reachTimeoutMs?: number;
  /** QUALYS_IDLE_TIMEOUT_MS when set: the doctor then waits as a run would. */
  idleTimeoutMs?: number;
  /** Why the environment (its operator knobs, or .env lines the run would skip or misread) would stop a run, if it would. */
  environmentProblem?: string;
}

const DAY_MS = 24 * 60 * 60_000;
// Probes for when the subscription offers nothing to ask about: whether or
// not they exist, an accepted answer proves the user may make the call.
const PROBE_HOST_ID = 1;
const PROBE_QID = 6;
const PROBE_WEB_APP_ID = '1';

const ENDPOINTS = {
  login: 'GET /qps/rest/portal/version',
  hostList: 'GET /api/2.0/fo/asset/host/',
  detections: 'POST /api/2.0/fo/asset/host/vm/detection/',
  hostAssets: 'POST /qps/rest/2.0/search/am/hostasset',
  knowledgeBase: 'POST /api/2.0/fo/knowledge_base/vuln/',
  webApps: 'POST /qps/rest/3.0/search/was/webapp',
  webAppFindings: 'POST /qps/rest/3.0/search/was/finding/',
} as const;

const QUIET: ClientLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * Every check, in the order the collection depends on them: settings, URL,
 * reachability, login, then one smallest call per endpoint the collection
 * uses. A check that cannot be made because an earlier one failed says so.
 */
export async function runChecks(raw: Partial<QualysIntegrationConfig>, options: CheckOptions): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const url = checkUrl(raw.qualysApiUrl);
  rows.push(url.row);
  const settings = checkSettings(raw, options.now, options.environmentProblem);
  rows.push(settings.row);
  const remaining = ['Reachability', 'Login (portal version)', 'Host list', 'Host detections', 'Host asset search', 'Knowledge base', 'WAS web apps', 'WAS findings'];
  if (!url.origin || !settings.config) return [...rows, ...remaining.map((check) => notChecked(check, 'fix the settings first'))];

  const reach = await checkReachable(url.origin, options.reachTimeoutMs ?? 15_000);
  rows.push(reach);
  if (reach.status !== 'ok') return [...rows, ...remaining.slice(1).map((check) => notChecked(check, 'the server did not answer'))];

  const { config } = settings;
  const client = new QualysClient({
    apiUrl: config.apiUrl,
    username: config.username,
    password: config.password,
    logger: QUIET,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    // A doctor answers in seconds: one more attempt for a passing failure, no long waits.
    retry: { maxAttempts: 2, maxLimitAttempts: 3, budgetMs: 60_000, baseDelayMs: options.retryBaseMs },
  });
  const probe = prober(options.redact, (err) =>
    credentialCheckMessage(err, config.apiUrl.origin, config.password !== config.password.trim()),
  );

  const login = await probe({ check: 'Login (portal version)', endpoint: ENDPOINTS.login, part: 'login' }, async () => {
    const portal = await fetchPortalVersion(client);
    return `OK: VM ${portal.vmVersion ?? 'version not listed'}, WAS ${portal.wasVersion ?? 'not listed'}`;
  });
  rows.push(login);
  if (login.status !== 'ok') return [...rows, ...remaining.slice(2).map((check) => notChecked(check, 'the login failed'))];

  rows.push(...(await endpointChecks(client, config, probe, options.now)));
  return rows;
}

async function endpointChecks(client: QualysClient, config: CalculatedConfig, probe: Prober, now: number): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const since = now - DAY_MS;
  let hostId: number | undefined;
  let qid: number | undefined;
  let webAppId: string | undefined;

  if (config.vmdr.enabled) {
    rows.push(
      await probe({ check: 'Host list', endpoint: ENDPOINTS.hostList, part: 'required' }, async () => {
        // A one-day window, and the answer abandoned at its first id.
        for await (const id of iterateHostIds(client, { processedAfter: since, tags: config.vmdr.tags })) {
          hostId = id;
          break;
        }
        return hostId === undefined ? 'OK: accepted; no host processed in the last 24 h' : `OK: hosts listed (first of the last 24 h: ${hostId})`;
      }),
    );
    const probeHost = hostId ?? PROBE_HOST_ID;
    rows.push(
      await probe({ check: 'Host detections', endpoint: ENDPOINTS.detections, part: 'required' }, async () => {
        for await (const host of iterateHostDetections(client, [probeHost], { withResults: false })) {
          qid = host.detections[0]?.qid;
          return `OK: host ${host.id} has ${host.detections.length} detection(s)`;
        }
        return `OK: accepted; host ${probeHost} has no detection in scope`;
      }),
    );
    rows.push(
      await probe(
        { check: 'Host asset search', endpoint: ENDPOINTS.hostAssets, part: 'optional', module: 'Asset Management (host asset search)', without: 'hosts would be written without their EC2, Azure or GCP identity' },
        async () => {
          for await (const asset of iterateHostAssets(client, [probeHost])) return `OK: asset record of host ${asset.qwebHostId}`;
          return `OK: accepted; host ${probeHost} has no asset record`;
        },
      ),
    );
  } else {
    rows.push(...['Host list', 'Host detections', 'Host asset search'].map((check) => notChecked(check, 'host findings are turned off (enableVmdr)')));
  }

  rows.push(
    await probe({ check: 'Knowledge base', endpoint: ENDPOINTS.knowledgeBase, part: 'required' }, async () => {
      const asked = qid ?? PROBE_QID;
      for await (const vuln of iterateKnowledgeBase(client, [asked])) return `OK: QID ${vuln.qid} found`;
      return `OK: accepted; QID ${asked} is not in the knowledge base`;
    }),
  );

  if (config.was.enabled) {
    const was = { part: 'optional' as const, module: 'Web Application Scanning (WAS)', without: 'web app findings would not be collected (or set ENABLE_WAS=false)' };
    rows.push(
      await probe({ check: 'WAS web apps', endpoint: ENDPOINTS.webApps, ...was }, async () => {
        for await (const app of iterateWebApps(client, { ids: config.was.webAppIds, scannedAfter: since })) {
          webAppId = app.id;
          break;
        }
        return webAppId === undefined ? 'OK: accepted; no web app scanned in the last 24 h' : `OK: web apps listed (first: ${webAppId})`;
      }),
    );
    rows.push(
      await probe({ check: 'WAS findings', endpoint: ENDPOINTS.webAppFindings, ...was }, async () => {
        const app = webAppId ?? PROBE_WEB_APP_ID;
        for await (const finding of iterateWebAppFindings(client, [app], { detectedAfter: since })) return `OK: findings listed (first: ${finding.id})`;
        return `OK: accepted; no finding of web app ${app} in the last 24 h`;
      }),
    );
  } else {
    rows.push(...['WAS web apps', 'WAS findings'].map((check) => notChecked(check, 'web app findings are turned off (enableWas)')));
  }
  return rows;
}

function checkUrl(value: string | undefined): { row: CheckRow; origin?: URL } {
  const row = { check: 'API URL', endpoint: '' };
  if (!value?.trim()) {
    return { row: { ...row, status: 'failed', result: 'QUALYS_API_URL (qualysApiUrl) is not set', askFor: 'the API server URL of your platform (Help > About)', cause: 'url' } };
  }
  try {
    const origin = validateApiUrl(value);
    return { row: { ...row, status: 'ok', result: `OK: ${origin.origin}`, askFor: '' }, origin };
  } catch (err) {
    return { row: { ...row, status: 'failed', result: messageOf(err), askFor: 'the API server URL of your platform (Help > About)', cause: 'url' } };
  }
}

function checkSettings(
  raw: Partial<QualysIntegrationConfig>,
  now: number,
  environmentProblem: string | undefined,
): { row: CheckRow; config?: CalculatedConfig } {
  const row = { check: 'Settings', endpoint: '' };
  // A run would stop on it before any call, so the doctor does not call either.
  if (environmentProblem) return { row: { ...row, status: 'failed', result: environmentProblem, askFor: 'nothing: fix the variable named', cause: 'other', advice: environmentProblem } };
  const missing = (['qualysUsername', 'qualysPassword'] as const).filter((field) => !raw[field]?.trim());
  if (missing.length) {
    const names = missing.map((f) => (f === 'qualysUsername' ? 'QUALYS_USERNAME' : 'QUALYS_PASSWORD'));
    return { row: { ...row, status: 'failed', result: `${names.join(' and ')} not set`, askFor: 'a Qualys user with API access', cause: 'credentials' } };
  }
  if (!raw.qualysApiUrl?.trim()) return { row: { ...row, status: 'ok', result: 'OK: user and password set (not shown)', askFor: '' } };
  try {
    const config = calculateConfig(raw as QualysIntegrationConfig, { startedAt: now });
    const modules = `host findings ${config.vmdr.enabled ? 'on' : 'off'}, web app findings ${config.was.enabled ? 'on' : 'off'}`;
    return { row: { ...row, status: 'ok', result: `OK: user and password set (not shown); ${modules}`, askFor: '' }, config };
  } catch (err) {
    return { row: { ...row, status: 'failed', result: messageOf(err), askFor: 'nothing: fix the setting named', cause: 'other', advice: messageOf(err) } };
  }
}

/** Any HTTP answer at all from the server, without credentials. */
async function checkReachable(origin: URL, timeoutMs: number): Promise<CheckRow> {
  const row = { check: 'Reachability', endpoint: 'GET /' };
  const started = Date.now();
  try {
    const response = await fetch(new URL('/', origin), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { ...row, status: 'ok', result: `OK: HTTP ${response.status} in ${Date.now() - started} ms`, askFor: '' };
  } catch (err) {
    return {
      ...row,
      status: 'failed',
      result: `no answer: ${networkReason(err, timeoutMs)}`,
      askFor: 'the API server URL of your platform, and a network path to it (firewall, proxy)',
      cause: 'url',
    };
  }
}

interface ProbeSpec {
  check: string;
  endpoint: string;
  part: Part;
  module?: string;
  without?: string;
}

type Prober = (spec: ProbeSpec, call: () => Promise<string>) => Promise<CheckRow>;

/**
 * `loginAdvice` words a failed login as the run's credential check does (the
 * URL to check, the password's blank edges), so the doctor and a run agree.
 */
function prober(redact: (text: string) => string, loginAdvice: (err: QualysError) => string): Prober {
  return async (spec, call) => {
    const row = { check: spec.check, endpoint: spec.endpoint };
    try {
      return { ...row, status: 'ok', result: await call(), askFor: '' };
    } catch (err) {
      if (!isQualysError(err)) {
        return { ...row, status: 'failed', result: `failed: ${messageOf(err)}`, askFor: 'nothing yet: see the details', cause: 'other', advice: messageOf(err) };
      }
      const cause = causeOf(err.kind, spec.part);
      return {
        ...row,
        status: 'failed',
        result: answerOf(err, redact),
        askFor: askFor(err.kind, spec.part, spec.module),
        cause,
        without: cause === 'module' ? spec.without : undefined,
        advice: redactQualysText(spec.part === 'login' ? loginAdvice(err) : err.message, err, redact),
      };
    }
  };
}

function redactQualysText(message: string, err: QualysError, redact: (text: string) => string): string {
  return err.qualysText ? message.split(err.qualysText).join(redact(err.qualysText)) : message;
}

/** Qualys's answer as it came: status, code and text, or what was observed. */
export function answerOf(err: QualysError, redact: (text: string) => string): string {
  const parts = [err.status !== undefined ? `HTTP ${err.status}` : undefined, err.qualysCode ? `code ${err.qualysCode}` : undefined].filter(Boolean);
  if (err.qualysText) return `${parts.join(', ')}: "${redact(err.qualysText)}"`;
  // No Qualys text: the message's first sentence says what was observed.
  const observed = /^(.*?\))\.\s/.exec(err.message)?.[1] ?? err.message;
  return observed;
}

function notChecked(check: string, reason: string): CheckRow {
  return { check, endpoint: '', status: 'not checked', result: `not checked: ${reason}`, askFor: '' };
}

function networkReason(err: unknown, timeoutMs: number): string {
  // Read by shape, not by class: fetch's errors may come from another realm.
  const error = asRecord(err);
  if (error?.name === 'TimeoutError') return `nothing within ${Math.round(timeoutMs / 1000)} s`;
  // fetch puts the system's reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`.
  const cause = asRecord(error?.cause);
  const reason = [cause?.code, cause?.message].filter((part): part is string => typeof part === 'string' && part !== '');
  return reason.length ? reason.join(' ') : messageOf(err);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function messageOf(err: unknown): string {
  const message = asRecord(err)?.message;
  return typeof message === 'string' ? message : String(err);
}
