import { isoSeconds } from '../dates';
import { SimulatedFinding, SimulatedWebApp } from '../model/types';
import { cdata, el } from './escape';

/** One `WebApp` of the WAS web app search. */
export function webAppXml(app: SimulatedWebApp): string {
  return (
    '    <WebApp>\n' +
    `      ${el('id', app.id)}\n` +
    `      <name>${cdata(app.name)}</name>\n` +
    `      <url>${cdata(app.url)}</url>\n` +
    `      <owner>\n        ${el('id', app.ownerId)}\n      </owner>\n` +
    `      <tags>\n        ${el('count', app.tagCount)}\n      </tags>\n` +
    `      ${el('createdDate', isoSeconds(app.createdAt))}\n` +
    `      ${el('updatedDate', isoSeconds(app.updatedAt))}\n` +
    '    </WebApp>\n'
  );
}

/** One `Finding` of the WAS finding search; status and counters only on VULNERABILITY. */
export function findingXml(f: SimulatedFinding): string {
  let x =
    '    <Finding>\n' +
    `      ${el('id', f.id)}\n` +
    `      ${el('uniqueId', f.uniqueId)}\n` +
    `      ${el('qid', f.qid)}\n` +
    `      <name>${cdata(f.name)}</name>\n` +
    `      ${el('type', f.type)}\n` +
    `      ${el('potential', String(f.potential))}\n` +
    '      <findingType>QUALYS</findingType>\n' +
    `      ${el('severity', f.severity)}\n`;
  if (f.param !== undefined) x += `      <param>${cdata(f.param)}</param>\n`;
  if (f.type === 'VULNERABILITY') x += `      <url>${cdata(f.url)}</url>\n`;
  if (f.status !== undefined) x += `      ${el('status', f.status)}\n`;
  x +=
    `      ${el('firstDetectedDate', isoSeconds(f.firstDetectedAt))}\n` +
    `      ${el('lastDetectedDate', isoSeconds(f.lastDetectedAt))}\n` +
    `      ${el('lastTestedDate', isoSeconds(f.lastTestedAt))}\n`;
  if (f.timesDetected !== undefined) x += `      ${el('timesDetected', f.timesDetected)}\n`;
  x +=
    '      <webApp>\n' +
    `        ${el('id', f.webApp.id)}\n` +
    `        <name>${cdata(f.webApp.name)}</name>\n` +
    `        <url>${cdata(f.webApp.url)}</url>\n` +
    '      </webApp>\n';
  if (f.isIgnored !== undefined) x += `      ${el('isIgnored', String(f.isIgnored))}\n`;
  return x + '    </Finding>\n';
}
