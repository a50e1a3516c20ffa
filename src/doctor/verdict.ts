import { QualysErrorKind } from '../qualys/errors';

/**
 * Why the collection would not run (or not completely), one cause per exit
 * code, so a script or a support ticket can tell them apart.
 */
export type Cause = 'credentials' | 'no-api-access' | 'role' | 'module' | 'account' | 'url' | 'other';

export const EXIT_CODES: Record<Cause | 'ok', number> = {
  ok: 0,
  other: 1,
  credentials: 2,
  'no-api-access': 3,
  role: 4,
  module: 5,
  account: 6,
  url: 7,
};

/**
 * How much of the collection a check stands for: the login gates everything;
 * a required endpoint failing stops a step; an optional one (WAS, host asset
 * search) only leaves part of the data out.
 */
export type Part = 'login' | 'required' | 'optional';

export function causeOf(kind: QualysErrorKind, part: Part): Cause {
  switch (kind) {
    case 'credentials':
      return 'credentials';
    case 'no-api-access':
      return 'no-api-access';
    case 'expired':
    case 'account-setup':
      return 'account';
    case 'permission':
    case 'module':
      return part === 'optional' ? 'module' : 'role';
    case 'not-qualys':
    case 'bad-response':
    case 'hostile-response':
    case 'transient':
      // Before a login has worked, an answer that is not Qualys's (or none)
      // says more about the URL than about Qualys.
      return part === 'login' ? 'url' : 'other';
    default:
      return 'other';
  }
}

/** The short request for the Qualys administrator (or the operator), by kind. */
export function askFor(kind: QualysErrorKind, part: Part, module?: string): string {
  switch (kind) {
    case 'credentials':
      return 'the right username and password; confirm the user has API access and the URL is your platform';
    case 'no-api-access':
      return 'API access for this user';
    case 'expired':
      return 'renewal of the subscription or trial';
    case 'account-setup':
      return 'completion of the first UI login, or a SecurID exemption for the API user';
    case 'permission':
      return part === 'optional' && module
        ? `access to ${module} for this user`
        : 'the Manager role (or Unit Manager / Scanner with the hosts in scope)';
    case 'module':
      return `the ${module ?? 'missing'} module for this user`;
    case 'rate-limit':
    case 'concurrency':
      return 'more API capacity, or a run when other API scripts are idle';
    case 'transient':
      return part === 'login' ? 'the API server URL of your platform; then try again' : 'nothing yet: try again later';
    case 'bad-request':
      return 'nothing: report the Qualys text';
    case 'not-qualys':
    case 'bad-response':
    case 'hostile-response':
      return 'the API server URL of your platform (Help > About); no proxy rewriting answers';
  }
}

export const VERDICTS: Record<Cause | 'ok', string> = {
  ok: 'Everything the collection needs answered: the collection should run completely.',
  credentials: 'Qualys refused the username or password: nothing can be collected.',
  'no-api-access': 'The user has no API access: nothing can be collected.',
  role: "The user's role cannot read data the collection needs: the host findings step would fail.",
  module: 'Everything else answered, but a module is missing: the collection would still run, only partially',
  account: 'The subscription has expired or the account setup is not finished: nothing can be collected.',
  url: 'The API URL is missing, is not a Qualys API server, or does not answer: nothing can be collected.',
  other: 'A check failed for another reason: see the details below.',
};
