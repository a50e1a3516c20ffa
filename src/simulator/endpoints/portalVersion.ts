import { Exchange, sendXml } from '../http/exchange';
import { portalVersionXml } from '../xml/portalVersionXml';

/** `GET /qps/rest/portal/version`: the cheap call collectors use to check credentials. */
export async function portalVersion(ex: Exchange, withWas: boolean): Promise<void> {
  await sendXml(ex, portalVersionXml(ex.baseUrl, withWas));
}
