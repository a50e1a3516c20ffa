import { Exchange } from '../http/exchange';
import { SimulatedFinding } from '../model/types';
import { findingXml } from '../xml/webAppXml';
import { FieldSpec } from './qpsCriteria';
import { answerQpsSearch } from './qpsPage';

const XSD = '/qps/xsd/3.0/was/finding.xsd';

const FIELDS: Record<string, FieldSpec<SimulatedFinding>> = {
  id: { kind: 'number', get: (f) => f.id },
  uniqueId: { kind: 'text', get: (f) => f.uniqueId },
  qid: { kind: 'number', get: (f) => f.qid },
  name: { kind: 'text', get: (f) => f.name },
  type: { kind: 'text', get: (f) => f.type },
  severity: { kind: 'number', get: (f) => f.severity },
  status: { kind: 'text', get: (f) => f.status },
  isIgnored: { kind: 'boolean', get: (f) => f.isIgnored ?? false },
  'webApp.id': { kind: 'number', get: (f) => f.webApp.id },
  'webApp.name': { kind: 'text', get: (f) => f.webApp.name },
  firstDetectedDate: { kind: 'date', get: (f) => f.firstDetectedAt },
  lastDetectedDate: { kind: 'date', get: (f) => f.lastDetectedAt },
  lastTestedDate: { kind: 'date', get: (f) => f.lastTestedAt },
};

/** `POST /qps/rest/3.0/search/was/finding/`: WAS findings by id, offset paging. */
export async function webAppFindings(ex: Exchange): Promise<void> {
  await answerQpsSearch(ex, {
    xsdPath: XSD,
    fields: FIELDS,
    records: (matches) => ex.subscription.findings().filter(matches),
    idOf: (f) => f.id,
    toXml: findingXml,
    whenEmpty: 'empty-data',
  });
}
