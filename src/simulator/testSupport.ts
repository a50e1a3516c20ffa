import { RunningSimulator } from './types';

/**
 * Small helpers for tests that talk to a running simulator over HTTP. They
 * read answers with regular expressions on purpose: a test of the simulator
 * should not depend on the product's own XML reader.
 */

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  body: string;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A VM API call: form-encoded POST (or GET with the params in the URL). */
export async function callFo(
  sim: RunningSimulator,
  path: string,
  params: Record<string, string>,
  options: { method?: 'GET' | 'POST'; user?: [string, string]; requestedWith?: string | null } = {},
): Promise<Answer> {
  const [username, password] = options.user ?? ['demo', 'demo-password'];
  const headers: Record<string, string> = { authorization: basicAuth(username, password) };
  if (options.requestedWith !== null) headers['x-requested-with'] = options.requestedWith ?? 'simulator-test';
  const form = new URLSearchParams(params).toString();
  const url = (options.method ?? 'POST') === 'GET' ? `${sim.url}${path}?${form}` : `${sim.url}${path}`;
  if (options.method !== 'GET') headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  return answer(await fetch(url, { method: options.method ?? 'POST', headers, body: options.method === 'GET' ? undefined : form }));
}

/** Follows an absolute URL (a WARNING/URL) as given. */
export async function getUrl(url: string, user: [string, string] = ['demo', 'demo-password']): Promise<Answer> {
  return answer(
    await fetch(url, { headers: { authorization: basicAuth(...user), 'x-requested-with': 'simulator-test' } }),
  );
}

/** A QPS call: POST of a ServiceRequest (GET when no body is given). */
export async function callQps(
  sim: RunningSimulator,
  path: string,
  request?: { criteria?: [string, string, string][]; preferences?: Record<string, string | number> },
  user: [string, string] = ['demo', 'demo-password'],
): Promise<Answer> {
  const headers = { authorization: basicAuth(...user), 'content-type': 'text/xml' };
  if (!request) return answer(await fetch(`${sim.url}${path}`, { headers }));
  const preferences = Object.entries(request.preferences ?? {})
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  const criteria = (request.criteria ?? [])
    .map(([field, operator, value]) => `<Criteria field="${field}" operator="${operator}">${value}</Criteria>`)
    .join('');
  const body = `<ServiceRequest><preferences>${preferences}</preferences><filters>${criteria}</filters></ServiceRequest>`;
  return answer(await fetch(`${sim.url}${path}`, { method: 'POST', headers, body }));
}

async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: await response.text(),
  };
}

/** Text of every `<name>` element (CDATA unwrapped), in document order. */
export function texts(xml: string, name: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))) {
    out.push(m[1].replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim());
  }
  return out;
}

export function text(xml: string, name: string): string | undefined {
  return texts(xml, name)[0];
}

/** Every `<name>…</name>` block, whole. */
export function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
}
