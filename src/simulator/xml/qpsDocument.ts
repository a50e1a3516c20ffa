import { el, escapeXml } from './escape';

/** The QPS `ServiceResponse` envelope, shared by portal, asset and WAS answers. */

/** The page-level facts a ServiceResponse states before its records. */
export interface PageFacts {
  count: number;
  hasMoreRecords?: boolean;
  /** Id of the last record, sent only when another page follows. */
  lastId?: number;
  /** How a page with no records shows it: no `data`, or an empty one. */
  whenEmpty?: 'omit-data' | 'empty-data';
}

function opening(baseUrl: string, xsdPath: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ServiceResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    `xsi:noNamespaceSchemaLocation="${escapeXml(baseUrl + xsdPath)}">\n`
  );
}

/** Opens a SUCCESS answer up to and including `<data>` (when there is data). */
export function qpsHead(baseUrl: string, xsdPath: string, page: PageFacts): string {
  let head = opening(baseUrl, xsdPath) + '  <responseCode>SUCCESS</responseCode>\n' + `  ${el('count', page.count)}\n`;
  if (page.hasMoreRecords !== undefined) head += `  ${el('hasMoreRecords', String(page.hasMoreRecords))}\n`;
  if (page.lastId !== undefined) head += `  ${el('lastId', page.lastId)}\n`;
  if (page.count > 0) return head + '  <data>\n';
  return page.whenEmpty === 'empty-data' ? head + '  <data>\n      </data>\n' : head;
}

/** Closes what qpsHead opened. */
export function qpsTail(page: PageFacts): string {
  return (page.count > 0 ? '  </data>\n' : '') + '</ServiceResponse>\n';
}

/** A QPS error answer; Qualys sends these with HTTP 200. */
export function qpsError(
  baseUrl: string,
  xsdPath: string,
  responseCode: string,
  message: string,
  resolution?: string,
): string {
  return (
    opening(baseUrl, xsdPath) +
    `  ${el('responseCode', responseCode)}\n` +
    '  <responseErrorDetails>\n' +
    `    ${el('errorMessage', message)}\n` +
    (resolution ? `    ${el('errorResolution', resolution)}\n` : '') +
    '  </responseErrorDetails>\n' +
    '</ServiceResponse>\n'
  );
}
