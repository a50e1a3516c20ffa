import { isoSeconds } from '../dates';
import { SimulatedHost } from '../model/types';
import { cdata } from './escape';

/** `ID` inside `ID_SET` (details=None). */
export function hostIdXml(id: number): string {
  return `      <ID>${id}</ID>\n`;
}

/** One `HOST` inside `HOST_LIST` (details=Basic and richer levels). */
export function hostBasicXml(host: SimulatedHost): string {
  let x =
    '      <HOST>\n' +
    `        <ID>${host.id}</ID>\n` +
    `        <ASSET_ID>${host.assetId}</ASSET_ID>\n` +
    `        <IP>${host.ip}</IP>\n` +
    `        <TRACKING_METHOD>${host.trackingMethod}</TRACKING_METHOD>\n` +
    `        <DNS>${cdata(host.dns)}</DNS>\n`;
  if (host.cloud.provider === 'aws') x += `        <EC2_INSTANCE_ID>${host.cloud.instanceId}</EC2_INSTANCE_ID>\n`;
  if (host.netbios) x += `        <NETBIOS>${cdata(host.netbios)}</NETBIOS>\n`;
  if (host.qgHostId) x += `        <QG_HOSTID>${host.qgHostId}</QG_HOSTID>\n`;
  return (
    x +
    `        <OS>${cdata(host.os)}</OS>\n` +
    `        <LAST_VULN_SCAN_DATETIME>${isoSeconds(host.lastScanAt)}</LAST_VULN_SCAN_DATETIME>\n` +
    `        <LAST_VM_SCANNED_DATE>${isoSeconds(host.vmScannedAt)}</LAST_VM_SCANNED_DATE>\n` +
    `        <LAST_VM_SCANNED_DURATION>${host.scanDurationSeconds}</LAST_VM_SCANNED_DURATION>\n` +
    '      </HOST>\n'
  );
}
