import { invalid } from './parseSettings';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Reduces the configured API URL to its origin and refuses what cannot be a
 * Qualys API server: relative or malformed URLs, plain http to anything but
 * this machine (credentials would cross the network in clear), and URLs with
 * credentials in them. Whether it really is Qualys is decided by the live
 * check that follows.
 */
export function validateApiUrl(value: string): URL {
  const field = 'qualysApiUrl';
  const example = 'the https URL of your Qualys platform\'s API server, e.g. https://qualysapi.qualys.com or https://qualysapi.qg3.apps.qualys.com';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // The URL parser refuses a port above 65535 too; say so rather than blame the form.
    const port = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(value.trim())?.[1];
    if (port !== undefined && Number(port) > 65535) throw invalid(field, `its port ${port} is above 65535`, example);
    throw invalid(field, 'it is not an absolute URL', example);
  }
  if (url.username || url.password) {
    throw invalid(field, 'it contains a username or password; give them in qualysUsername and qualysPassword instead', example);
  }
  const loopback = LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalid(field, `"${url.protocol}" is not allowed (plain http only for a server on this machine)`, example);
  }
  if (/^qualysguard\./i.test(url.hostname)) {
    throw invalid(field, `${url.hostname} is the Qualys web UI, not the API server (try ${url.hostname.replace(/^qualysguard\./i, 'qualysapi.')})`, example);
  }
  return new URL(url.origin);
}
