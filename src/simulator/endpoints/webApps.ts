import { Exchange } from '../http/exchange';
import { SimulatedWebApp } from '../model/types';
import { webAppXml } from '../xml/webAppXml';
import { FieldSpec } from './qpsCriteria';
import { answerQpsSearch } from './qpsPage';

const XSD = '/qps/xsd/3.0/was/webapp.xsd';

const FIELDS: Record<string, FieldSpec<SimulatedWebApp>> = {
  id: { kind: 'number', get: (a) => a.id },
  name: { kind: 'text', get: (a) => a.name },
  url: { kind: 'text', get: (a) => a.url },
  isScanned: { kind: 'boolean', get: (a) => a.isScanned },
  'lastScan.date': { kind: 'date', get: (a) => a.lastScanAt },
  createdDate: { kind: 'date', get: (a) => a.createdAt },
  updatedDate: { kind: 'date', get: (a) => a.updatedAt },
};

/** `POST /qps/rest/3.0/search/was/webapp`: web apps by id, offset paging. */
export async function webApps(ex: Exchange): Promise<void> {
  await answerQpsSearch(ex, {
    xsdPath: XSD,
    fields: FIELDS,
    records: (matches) => ex.subscription.webApps().filter(matches),
    idOf: (a) => a.id,
    toXml: webAppXml,
    whenEmpty: 'empty-data',
  });
}
