import { Readable } from 'node:stream';
import type { RecordedRequest } from './caseServer';
import { HUGE, detectionsBody, hostListBody, hugeTextBody, knowledgeBaseBody } from './hugeResponses';

/** How one exchange departs from plain method + path routing. */
export interface ExchangeRule {
  /** The exchange answers only the requests for which this is true. */
  accepts?: (request: RecordedRequest) => boolean;
  /** The exchange answers any method on any path that starts with this. */
  pathPrefix?: string;
  /** The body is made for the request instead of read from a file. */
  body?: (request: RecordedRequest) => Readable;
}

/** Rules by exchange number (NN). */
export type CaseRules = Record<string, ExchangeRule>;

/** The date forms Qualys accepts: a day, or a UTC second without fraction. */
export const QUALYS_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;

/** Parameters that carry dates: names ending in _after, _before or _since. */
export function dateParams(request: RecordedRequest): Array<[string, string]> {
  return Object.entries(request.params).filter(([name]) => /_(after|before|since)$/.test(name));
}

const datesAccepted = (request: RecordedRequest) => dateParams(request).every(([, value]) => QUALYS_DATE.test(value));

function idsOf(value: string | undefined): number[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .flatMap((token) => {
      const range = /^(\d+)-(\d+)$/.exec(token);
      if (!range) return /^\d+$/.test(token) ? [Number(token)] : [];
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from > 1_000_000) return [];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

/**
 * The hosts of the 3000-host estate a detection request asks for: its `ids`
 * (all hosts when absent), narrowed by `id_min` / `id_max`.
 */
export function requestedEstateHosts(request: RecordedRequest): number[] {
  const first = HUGE.firstHostId;
  const last = HUGE.firstHostId + HUGE.hosts - 1;
  const listed = request.params.ids === undefined ? undefined : new Set(idsOf(request.params.ids));
  const min = request.params.id_min === undefined ? first : Number(request.params.id_min);
  const max = request.params.id_max === undefined ? last : Number(request.params.id_max);
  const hosts: number[] = [];
  for (let id = Math.max(first, min); id <= Math.min(last, max); id++) {
    if (!listed || listed.has(id)) hosts.push(id);
  }
  return hosts;
}

const RULES: Record<string, CaseRules> = {
  // The detection follow-up page is told apart by its id_min, whatever the method.
  '06': {
    '03': { accepts: (r) => r.params.id_min !== '600003' },
    '04': { accepts: (r) => r.params.id_min === '600003' },
  },
  // Scenario B: the expired-account answer comes back from every VM API 2.0 call.
  '09': {
    '03': { pathPrefix: '/api/2.0/fo/' },
  },
  // Dates Qualys accepts get the host list; anything else gets its 400 rejection.
  '10': {
    '01': { accepts: datesAccepted },
    '02': { accepts: (r) => !datesAccepted(r) },
  },
  // Bodies too large to store: made on the fly, detections sliced to the hosts asked for.
  '15': {
    '01': { body: () => hostListBody(HUGE.firstHostId, HUGE.hosts) },
    '03': { body: (r) => detectionsBody(requestedEstateHosts(r)) },
    '04': { body: () => knowledgeBaseBody(HUGE.detectionsPerHost) },
    '05': { body: () => hostListBody(HUGE.hugeTextHostId, 1) },
    '06': { body: () => hugeTextBody() },
    '07': { body: () => knowledgeBaseBody(1) },
  },
};

export function rulesForCase(caseName: string): CaseRules {
  return RULES[caseName.slice(0, 2)] ?? {};
}
