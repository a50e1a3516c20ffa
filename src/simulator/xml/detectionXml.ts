import { isoSeconds } from '../dates';
import { CloudInfo, SimulatedDetection, SimulatedHost } from '../model/types';
import { cdata, escapeXml } from './escape';

/** What the detection request asked to see beyond the defaults. */
export interface DetectionOutput {
  showResults: boolean;
  showTags: boolean;
  /** CLOUD_PROVIDER / CLOUD_SERVICE / CLOUD_RESOURCE_ID on cloud hosts. */
  showCloud: boolean;
  /** Clouds whose METADATA block was asked for (host_metadata). */
  metadata: ReadonlySet<'ec2' | 'azure' | 'google'>;
}

/**
 * One `HOST` of HOST_LIST_VM_DETECTION_OUTPUT with its DETECTION_LIST.
 * Built as one string per host: the unit the response is streamed in.
 */
export function detectionHostXml(
  host: SimulatedHost,
  detections: readonly SimulatedDetection[],
  output: DetectionOutput,
): string {
  const dnsParts = host.dns.split('.');
  let x =
    '      <HOST>\n' +
    `        <ID>${host.id}</ID>\n` +
    `        <ASSET_ID>${host.assetId}</ASSET_ID>\n` +
    `        <IP>${host.ip}</IP>\n` +
    `        <TRACKING_METHOD>${host.trackingMethod}</TRACKING_METHOD>\n` +
    `        <OS>${cdata(host.os)}</OS>\n` +
    `        <DNS>${cdata(host.dns)}</DNS>\n` +
    '        <DNS_DATA>\n' +
    `          <HOSTNAME>${cdata(dnsParts[0])}</HOSTNAME>\n` +
    `          <DOMAIN>${cdata(dnsParts.slice(1).join('.'))}</DOMAIN>\n` +
    `          <FQDN>${cdata(host.dns)}</FQDN>\n` +
    '        </DNS_DATA>\n';
  if (output.showCloud) x += cloudFields(host.cloud);
  if (host.cloud.provider === 'aws') x += `        <EC2_INSTANCE_ID>${host.cloud.instanceId}</EC2_INSTANCE_ID>\n`;
  if (host.netbios) x += `        <NETBIOS>${cdata(host.netbios)}</NETBIOS>\n`;
  if (host.qgHostId) x += `        <QG_HOSTID>${host.qgHostId}</QG_HOSTID>\n`;
  x +=
    `        <LAST_SCAN_DATETIME>${isoSeconds(host.lastScanAt)}</LAST_SCAN_DATETIME>\n` +
    `        <LAST_VM_SCANNED_DATE>${isoSeconds(host.vmScannedAt)}</LAST_VM_SCANNED_DATE>\n` +
    `        <LAST_VM_SCANNED_DURATION>${host.scanDurationSeconds}</LAST_VM_SCANNED_DURATION>\n`;
  if (output.showTags && host.tags.length > 0) {
    x += '        <TAGS>\n';
    for (const tag of host.tags) {
      x += `          <TAG>\n            <TAG_ID>${tag.id}</TAG_ID>\n            <NAME>${cdata(tag.name)}</NAME>\n          </TAG>\n`;
    }
    x += '        </TAGS>\n';
  }
  if (output.metadata.size > 0) x += metadataBlock(host, output.metadata);

  x += '        <DETECTION_LIST>\n';
  for (const d of detections) x += detectionXml(d, output.showResults);
  return x + '        </DETECTION_LIST>\n      </HOST>\n';
}

function detectionXml(d: SimulatedDetection, showResults: boolean): string {
  let x =
    '          <DETECTION>\n' +
    `            <QID>${d.qid}</QID>\n` +
    `            <TYPE>${d.type}</TYPE>\n` +
    `            <SEVERITY>${d.severity}</SEVERITY>\n`;
  if (d.port !== undefined) x += `            <PORT>${d.port}</PORT>\n`;
  if (d.protocol !== undefined) x += `            <PROTOCOL>${d.protocol}</PROTOCOL>\n`;
  x += `            <SSL>${d.ssl ? 1 : 0}</SSL>\n`;
  if (showResults) x += `            <RESULTS>${cdata(d.results)}</RESULTS>\n`;
  x +=
    `            <STATUS>${d.status}</STATUS>\n` +
    `            <FIRST_FOUND_DATETIME>${isoSeconds(d.firstFoundAt)}</FIRST_FOUND_DATETIME>\n` +
    `            <LAST_FOUND_DATETIME>${isoSeconds(d.lastFoundAt)}</LAST_FOUND_DATETIME>\n` +
    `            <TIMES_FOUND>${d.timesFound}</TIMES_FOUND>\n` +
    `            <LAST_TEST_DATETIME>${isoSeconds(d.lastTestAt)}</LAST_TEST_DATETIME>\n` +
    `            <LAST_UPDATE_DATETIME>${isoSeconds(d.lastUpdateAt)}</LAST_UPDATE_DATETIME>\n`;
  if (d.lastFixedAt !== undefined) x += `            <LAST_FIXED_DATETIME>${isoSeconds(d.lastFixedAt)}</LAST_FIXED_DATETIME>\n`;
  return (
    x +
    '            <IS_IGNORED>0</IS_IGNORED>\n' +
    '            <IS_DISABLED>0</IS_DISABLED>\n' +
    `            <LAST_PROCESSED_DATETIME>${isoSeconds(d.lastProcessedAt)}</LAST_PROCESSED_DATETIME>\n` +
    '          </DETECTION>\n'
  );
}

function cloudFields(cloud: CloudInfo): string {
  switch (cloud.provider) {
    case 'aws':
      return cloudLines('AWS', 'EC2', cloud.instanceId);
    case 'azure':
      return cloudLines('Azure', 'VM', cloud.vmId);
    case 'gcp':
      return cloudLines('GCP', 'Compute Engine', cloud.instanceId);
    default:
      return '';
  }
}

function cloudLines(provider: string, service: string, resourceId: string): string {
  return (
    `        <CLOUD_PROVIDER>${provider}</CLOUD_PROVIDER>\n` +
    `        <CLOUD_SERVICE>${service}</CLOUD_SERVICE>\n` +
    `        <CLOUD_RESOURCE_ID>${escapeXml(resourceId)}</CLOUD_RESOURCE_ID>\n`
  );
}

/**
 * Cloud instance metadata as the scanner read it from the instance. The
 * attribute names follow the cloud's own metadata paths. This block's shape
 * is the simulator's approximation of a public sample, not a recording.
 */
function metadataBlock(host: SimulatedHost, wanted: ReadonlySet<string>): string {
  const cloud = host.cloud;
  let section: string;
  let attributes: [string, string][];
  if (cloud.provider === 'aws' && wanted.has('ec2')) {
    section = 'EC2';
    const doc = 'latest/dynamic/instance-identity/document';
    attributes = [
      [`${doc}/accountId`, cloud.accountId],
      [`${doc}/region`, cloud.region],
      [`${doc}/availabilityZone`, cloud.availabilityZone],
      [`${doc}/instanceId`, cloud.instanceId],
      [`${doc}/instanceType`, cloud.instanceType],
      [`${doc}/imageId`, cloud.imageId],
    ];
  } else if (cloud.provider === 'azure' && wanted.has('azure')) {
    section = 'AZURE';
    attributes = [
      ['compute/subscriptionId', cloud.subscriptionId],
      ['compute/resourceGroupName', cloud.resourceGroupName],
      ['compute/name', cloud.name],
      ['compute/location', cloud.location],
      ['compute/vmId', cloud.vmId],
    ];
  } else if (cloud.provider === 'gcp' && wanted.has('google')) {
    section = 'GOOGLE';
    attributes = [
      ['project/projectId', cloud.projectId],
      ['project/numericProjectId', cloud.projectIdNo],
      ['instance/id', cloud.instanceId],
      ['instance/zone', `projects/${cloud.projectIdNo}/zones/${cloud.zone}`],
      ['instance/machineType', cloud.machineType],
    ];
  } else {
    return '';
  }
  const seen = isoSeconds(host.lastScanAt);
  let x = `        <METADATA>\n          <${section}>\n`;
  for (const [name, value] of attributes) {
    x +=
      '            <ATTRIBUTE>\n' +
      `              <NAME>${cdata(name)}</NAME>\n` +
      '              <LAST_STATUS>Success</LAST_STATUS>\n' +
      `              <VALUE>${cdata(value)}</VALUE>\n` +
      `              <LAST_SUCCESS_DATE>${seen}</LAST_SUCCESS_DATE>\n` +
      '              <LAST_ERROR_DATE></LAST_ERROR_DATE>\n' +
      `              <LAST_ERROR>${cdata('')}</LAST_ERROR>\n` +
      '            </ATTRIBUTE>\n';
  }
  return x + `          </${section}>\n        </METADATA>\n`;
}
