import { QualysError } from './qualys/errors';

const WHERE_THE_URL_IS =
  'the API server of your Qualys platform (for example https://qualysapi.qualys.com or https://qualysapi.qg2.apps.qualys.com; Help > About in the Qualys UI lists it), not the address of the web UI';

/**
 * What the credential check says when it fails. A refusal (credentials, role,
 * subscription) keeps Qualys's words and their advice; a server that answered
 * something else, or nothing, is about qualysApiUrl, and the message says so.
 */
export function credentialCheckMessage(err: QualysError, origin: string, passwordHasEdgeBlanks: boolean): string {
  const setting = `qualysApiUrl (QUALYS_API_URL) ${origin}`;
  switch (err.kind) {
    case 'transient': {
      const tries = err.attempts ? ` after ${err.attempts} attempts` : '';
      return `${setting} did not answer as a Qualys API server${tries}: ${err.answer} Check that it is ${WHERE_THE_URL_IS}, and that this machine can reach it; if Qualys announced maintenance, run again later.`;
    }
    case 'bad-response':
    case 'hostile-response':
    case 'not-qualys':
      return `${setting} did not answer as a Qualys API server: ${err.answer} Set it to ${WHERE_THE_URL_IS}, and check that no proxy rewrites the answers.`;
    case 'credentials':
      // Sent as given (a password may really hold them), but a line break or
      // space picked up from a file is the likelier story.
      return passwordHasEdgeBlanks
        ? `${err.message} Note: the password configured begins or ends with a space or line break; remove it if it is not part of the password.`
        : err.message;
    default:
      return err.message;
  }
}
