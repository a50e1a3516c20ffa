import { IntegrationError } from '@jupiterone/integration-sdk-core';

/**
 * What went wrong, in the terms an operator acts on. Each kind has its own
 * likely cause and its own request for the Qualys administrator.
 */
export type QualysErrorKind =
  /** Username or password refused (or, as Qualys answers it, no API access). */
  | 'credentials'
  /** The trial or subscription ended. */
  | 'expired'
  /** The user exists but may not use the API at all (trial users by default). */
  | 'no-api-access'
  /** First login / registration not completed, or SecurID required. */
  | 'account-setup'
  /** The user's role may not read this data (a READER reading detections). */
  | 'permission'
  /** The subscription or user lacks this module (WAS, Asset Management). */
  | 'module'
  /** 409 rate limit (1965): wait, then retry. */
  | 'rate-limit'
  /** 409 concurrency limit (1960): wait for a running call, then retry. */
  | 'concurrency'
  /** 5xx, resets, stalls, maintenance pages, cut-off bodies: retry. */
  | 'transient'
  /** Qualys refused the request itself (400, INVALID_REQUEST). */
  | 'bad-request'
  /** The answer is not a Qualys answer of the expected shape. */
  | 'bad-response'
  /** The document declared entities or was otherwise refused unread. */
  | 'hostile-response'
  /** The configured URL does not lead to a Qualys API server. */
  | 'not-qualys';

const RETRYABLE: ReadonlySet<QualysErrorKind> = new Set([
  'rate-limit',
  'concurrency',
  'transient',
]);

const ADVICE: Record<QualysErrorKind, string> = {
  credentials:
    'Check qualysUsername and qualysPassword (QUALYS_USERNAME, QUALYS_PASSWORD) by logging in to the Qualys web UI with them. Qualys gives the same answer to a user without API access (trial users have none until they ask for it) and to a URL of another Qualys platform, so also ask your Qualys administrator to confirm the user has "API access" and check that qualysApiUrl is the API server of your platform',
  expired:
    'The Qualys subscription or trial has expired. Ask your Qualys account manager to renew it; nothing can be collected until then',
  'no-api-access':
    'This user may not use the Qualys API. Ask your Qualys administrator to enable "API access" for the user (trial subscriptions must request it from Qualys)',
  'account-setup':
    'Log in to the Qualys web UI once with this user to complete its registration, or ask your Qualys administrator to exempt the API user from SecurID, then run again',
  permission:
    'The user\'s role may not read this data. Ask your Qualys administrator for the Manager role (or a Unit Manager/Scanner role with the hosts in scope); the Reader role cannot read host detections',
  module:
    'The subscription or the user lacks this Qualys module. Ask your Qualys administrator to grant the user the module (and its API access), or turn this part of the collection off',
  'rate-limit':
    'The subscription\'s API rate limit was reached; such answers are waited out as Qualys asks, within the retry budget (QUALYS_RETRY_BUDGET_MS). Other scripts sharing the subscription use the same budget',
  concurrency:
    'Too many API calls were running at once for the subscription; such answers are waited out, within the retry budget (QUALYS_RETRY_BUDGET_MS)',
  transient:
    'Qualys or the network failed; such failures are retried (QUALYS_MAX_ATTEMPTS, QUALYS_RETRY_BUDGET_MS) before the call is given up',
  'bad-request':
    'Qualys refused the request parameters. Check the configured filters; if they look right, report this with the Qualys text',
  'bad-response':
    'The answer was not a Qualys XML response of the expected shape. Check that qualysApiUrl points at the Qualys API server and that no proxy rewrites the response',
  'hostile-response':
    'The response was refused without being read. Check that qualysApiUrl points at the Qualys API server and that no proxy rewrites the response',
  'not-qualys':
    'qualysApiUrl does not lead to a Qualys API server. Use the API URL of your Qualys platform, for example https://qualysapi.qualys.com or https://qualysapi.qg3.apps.qualys.com (shown in the Qualys UI under Help > About)',
};

export interface QualysErrorDetails {
  kind: QualysErrorKind;
  /** Method and path, never the query string or credentials. */
  endpoint: string;
  status?: number;
  /** SIMPLE_RETURN code or QPS responseCode. */
  qualysCode?: string;
  /** Qualys's own words, quoted in the message. */
  qualysText?: string;
  /** What was observed, when Qualys said nothing itself. */
  detail?: string;
  /** Seconds Qualys asked to wait (SECONDS_TO_WAIT, X-RateLimit-ToWait-Sec). */
  waitSeconds?: number;
  /** Set when the client gave the call up: how many attempts were made. */
  attempts?: number;
  cause?: Error;
}

/** What to do once a retryable failure was retried and the call given up. */
const AFTER_RETRIES: Partial<Record<QualysErrorKind, (attempts: number) => string>> = {
  transient: (attempts) =>
    `Qualys or the network kept failing; the call was given up after ${attempts} attempts. If Qualys announced maintenance, run again later; otherwise check that qualysApiUrl is reachable from this machine (QUALYS_MAX_ATTEMPTS and QUALYS_RETRY_BUDGET_MS allow more attempts)`,
  'rate-limit': (attempts) =>
    `The subscription's API rate limit was still reached after ${attempts} attempts, each waiting as long as Qualys asked. Other scripts sharing the subscription spend the same budget; run again later or ask Qualys for a higher limit`,
  concurrency: (attempts) =>
    `Too many API calls were still running for the subscription after ${attempts} attempts. Other scripts may be holding the subscription's concurrency; run again when they are done`,
};

/**
 * Every failure of a Qualys call, classified. The message says what Qualys
 * answered, the likely cause and what to do, and carries no credentials.
 */
export class QualysError extends IntegrationError {
  readonly kind: QualysErrorKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly qualysCode?: string;
  readonly qualysText?: string;
  readonly waitSeconds?: number;
  readonly attempts?: number;
  readonly retryable: boolean;
  /** What was asked and answered, without the advice: for messages that give their own. */
  readonly answer: string;
  private readonly details: QualysErrorDetails;

  constructor(details: QualysErrorDetails) {
    super({
      code: `QUALYS_${details.kind.toUpperCase().replace(/-/g, '_')}`,
      message: describe(details),
      cause: details.cause,
      fatal: false,
    });
    this.name = 'QualysError';
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.qualysCode = details.qualysCode;
    this.qualysText = details.qualysText;
    this.waitSeconds = details.waitSeconds;
    this.attempts = details.attempts;
    this.retryable = RETRYABLE.has(details.kind);
    this.answer = describeAnswer(details);
    this.details = details;
    // The message is the whole story for the user; a stack under it, as the
    // SDK CLI prints one, would only bury it.
    this.stack = `${this.name} [${this.code}]: ${this.message}`;
  }

  /** The same failure, final: its advice then says what to do after retries. */
  givenUpAfter(attempts: number): QualysError {
    return new QualysError({ ...this.details, attempts });
  }
}

function describe(details: QualysErrorDetails): string {
  const afterRetries = details.attempts && details.attempts > 1 ? AFTER_RETRIES[details.kind] : undefined;
  const advice = afterRetries ? afterRetries(details.attempts as number) : ADVICE[details.kind];
  return `${describeAnswer(details)} ${advice}.`;
}

function describeAnswer(details: QualysErrorDetails): string {
  const answer: string[] = [];
  if (details.status !== undefined) answer.push(`HTTP ${details.status}`);
  if (details.qualysCode) answer.push(`code ${details.qualysCode}`);
  const said = details.qualysText ? `: "${details.qualysText}"` : '';
  const observed = details.detail ? ` (${details.detail})` : '';
  return answer.length
    ? `${details.endpoint} was answered with ${answer.join(', ')}${said}${observed}.`
    : `${details.endpoint} failed${said}${observed}.`;
}

export function isQualysError(err: unknown): err is QualysError {
  return err instanceof QualysError;
}
