import { isoSeconds } from '../dates';
import { KnowledgeBaseEntry } from '../model/types';
import { cdata, el } from './escape';

const AUTH_TYPES =
  '          <AUTH_TYPE_LIST>\n' +
  '            <AUTH_TYPE>Unix</AUTH_TYPE>\n' +
  '            <AUTH_TYPE>Windows</AUTH_TYPE>\n' +
  '          </AUTH_TYPE_LIST>\n';

/** One `VULN` of KNOWLEDGE_BASE_VULN_LIST_OUTPUT. */
export function vulnXml(v: KnowledgeBaseEntry): string {
  let x =
    '      <VULN>\n' +
    `        ${el('QID', v.qid)}\n` +
    `        ${el('VULN_TYPE', v.vulnType)}\n` +
    `        ${el('SEVERITY_LEVEL', v.severityLevel)}\n` +
    `        <TITLE>${cdata(v.title)}</TITLE>\n` +
    `        ${el('CATEGORY', v.category)}\n` +
    `        ${el('LAST_SERVICE_MODIFICATION_DATETIME', isoSeconds(v.lastModifiedAt))}\n` +
    `        ${el('PUBLISHED_DATETIME', isoSeconds(v.publishedAt))}\n` +
    `        ${el('PATCHABLE', v.patchable ? 1 : 0)}\n` +
    '        <SOFTWARE_LIST>\n' +
    '          <SOFTWARE>\n' +
    `            <PRODUCT>${cdata(v.product)}</PRODUCT>\n` +
    `            <VENDOR>${cdata(v.vendor)}</VENDOR>\n` +
    '          </SOFTWARE>\n' +
    '        </SOFTWARE_LIST>\n';
  if (v.cves.length > 0) {
    x += '        <CVE_LIST>\n';
    for (const cve of v.cves) {
      x +=
        '          <CVE>\n' +
        `            <ID>${cdata(cve)}</ID>\n` +
        `            <URL>${cdata(`https://cve.example.org/${cve}`)}</URL>\n` +
        '          </CVE>\n';
    }
    x += '        </CVE_LIST>\n';
  }
  x +=
    `        <DIAGNOSIS>${cdata(v.diagnosis)}</DIAGNOSIS>\n` +
    `        <CONSEQUENCE>${cdata(v.consequence)}</CONSEQUENCE>\n` +
    `        <SOLUTION>${cdata(v.solution)}</SOLUTION>\n` +
    `        ${el('PCI_FLAG', v.pciFlag ? 1 : 0)}\n`;
  if (v.cvssBase !== undefined) {
    x += `        <CVSS>\n          ${el('BASE', v.cvssBase)}\n        </CVSS>\n`;
  }
  if (v.cvssV3Base !== undefined) {
    x += `        <CVSS_V3>\n          ${el('BASE', v.cvssV3Base)}\n        </CVSS_V3>\n`;
  }
  return (
    x +
    '        <DISCOVERY>\n' +
    `          ${el('REMOTE', v.remote ? 1 : 0)}\n` +
    (v.remote ? '' : AUTH_TYPES) +
    '        </DISCOVERY>\n' +
    '      </VULN>\n'
  );
}
