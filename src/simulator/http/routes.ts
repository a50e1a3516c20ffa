import { hostAssets } from '../endpoints/hostAssets';
import { hostDetections } from '../endpoints/hostDetections';
import { hostList } from '../endpoints/hostList';
import { knowledgeBase } from '../endpoints/knowledgeBase';
import { portalVersion } from '../endpoints/portalVersion';
import { webAppFindings } from '../endpoints/webAppFindings';
import { webApps } from '../endpoints/webApps';
import { SimulatedUser } from '../types';
import { Service } from './auth';
import { Exchange } from './exchange';

/** One endpoint the simulator answers. */
export interface Route {
  api: 'fo' | 'qps';
  service: Service;
  methods: readonly string[];
  /** Schema path named in QPS answers, errors included. */
  xsdPath?: string;
  handle(ex: Exchange, user: SimulatedUser): Promise<void>;
}

/** Routes by path, trailing slash removed (Qualys accepts both forms). */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    '/qps/rest/portal/version',
    {
      api: 'qps',
      service: 'portal',
      methods: ['GET', 'POST'],
      xsdPath: '/qps/xsd/version.xsd',
      handle: (ex, user) => portalVersion(ex, user.persona !== 'no-was'),
    },
  ],
  ['/api/2.0/fo/asset/host', { api: 'fo', service: 'hosts', methods: ['GET', 'POST'], handle: hostList }],
  [
    '/api/2.0/fo/asset/host/vm/detection',
    { api: 'fo', service: 'detections', methods: ['GET', 'POST'], handle: hostDetections },
  ],
  [
    '/api/2.0/fo/knowledge_base/vuln',
    { api: 'fo', service: 'knowledge-base', methods: ['GET', 'POST'], handle: knowledgeBase },
  ],
  [
    '/qps/rest/2.0/search/am/hostasset',
    { api: 'qps', service: 'assets', methods: ['POST'], xsdPath: '/qps/xsd/2.0/am/hostasset.xsd', handle: hostAssets },
  ],
  [
    '/qps/rest/3.0/search/was/webapp',
    { api: 'qps', service: 'was', methods: ['POST'], xsdPath: '/qps/xsd/3.0/was/webapp.xsd', handle: webApps },
  ],
  [
    '/qps/rest/3.0/search/was/finding',
    { api: 'qps', service: 'was', methods: ['POST'], xsdPath: '/qps/xsd/3.0/was/finding.xsd', handle: webAppFindings },
  ],
]);

/** The route for a request path, if the simulator answers it. */
export function routeFor(path: string): Route | undefined {
  return ROUTES.get(path.length > 1 ? path.replace(/\/+$/, '') : path);
}
