import { el } from './escape';
import { qpsHead, qpsTail } from './qpsDocument';

/**
 * The portal version answer in its 2022 shape: module versions named
 * `QWEB__VM-VERSION` and so on, with no `VM-VERSION`. A subscription without
 * the WAS module lists no `WAS-VERSION`.
 */
export function portalVersionXml(baseUrl: string, withWas: boolean): string {
  const modules: [string, string][] = [
    ['PortalApplication-VERSION', '3.18.1.0-2 OFFICIAL #904 (2024-05-14T09:12:41Z)'],
    ['QWEB__VM-VERSION', '2.14.0'],
    ['QWEB__PC-VERSION', '1.2.0-11'],
    ['ITAM-VERSION', '2.15.0.0-3'],
    ['CA-VERSION', '3.16.0.0'],
    ['CS-VERSION', '1.22.0-8'],
    ['PM-VERSION', '2.3.0.0-1'],
  ];
  if (withWas) modules.splice(4, 0, ['WAS-VERSION', '1.3.0.0-6']);
  let x = qpsHead(baseUrl, '/qps/xsd/version.xsd', { count: 1 }) + '    <Portal-Version>\n';
  for (const [name, version] of modules) x += `      ${el(name, version)}\n`;
  x +=
    '    </Portal-Version>\n' +
    '    <QWeb-Version>\n' +
    `      ${el('WEB-VERSION', '10.27.1.0-1')}\n` +
    `      ${el('SCANNER-VERSION', '13.3.12-1')}\n` +
    `      ${el('VULNSIGS-VERSION', '2.6.61-4')}\n` +
    '    </QWeb-Version>\n';
  return x + qpsTail({ count: 1 });
}
