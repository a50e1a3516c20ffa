import { isoSeconds } from '../dates';
import { AwsCloud, AzureCloud, CloudTag, GcpCloud, SimulatedHost } from '../model/types';
import { el } from './escape';

/** One `HostAsset` of the Asset Management search, element names as Qualys sends them. */
export function hostAssetXml(host: SimulatedHost): string {
  const i = '      ';
  let x =
    '    <HostAsset>\n' +
    `${i}${el('id', host.assetId)}\n` +
    `${i}${el('name', host.hostname)}\n` +
    `${i}${el('created', isoSeconds(host.createdAt))}\n` +
    `${i}${el('modified', isoSeconds(host.processedAt))}\n` +
    `${i}<type>HOST</type>\n` +
    `${i}<tags>\n`;
  if (host.tags.length === 0) {
    x += `${i}  <list/>\n`;
  } else {
    x += `${i}  <list>\n`;
    for (const tag of host.tags) {
      x += `${i}    <TagSimple>\n${i}      ${el('id', tag.id)}\n${i}      ${el('name', tag.name)}\n${i}    </TagSimple>\n`;
    }
    x += `${i}  </list>\n`;
  }
  x += `${i}</tags>\n${i}<sourceInfo>\n${i}  <list>\n`;
  switch (host.cloud.provider) {
    case 'aws':
      x += ec2Source(host, host.cloud);
      break;
    case 'azure':
      x += azureSource(host, host.cloud);
      break;
    case 'gcp':
      x += gcpSource(host, host.cloud);
      break;
  }
  x +=
    `${i}    <AssetSource/>\n${i}  </list>\n${i}</sourceInfo>\n` +
    `${i}${el('qwebHostId', host.id)}\n` +
    `${i}${el('lastVulnScan', isoSeconds(host.lastScanAt))}\n` +
    `${i}${el('fqdn', host.fqdn)}\n` +
    `${i}${el('os', host.os)}\n` +
    `${i}${el('dnsHostName', host.dns)}\n`;
  if (host.netbios) x += `${i}${el('netbiosName', host.netbios)}\n`;
  return (
    x +
    `${i}${el('address', host.ip)}\n` +
    `${i}${el('trackingMethod', host.assetTrackingMethod)}\n` +
    `${i}<isDockerHost>false</isDockerHost>\n` +
    `${i}<openPort>\n${i}  <list/>\n${i}</openPort>\n` +
    `${i}<software>\n${i}  <list/>\n${i}</software>\n` +
    `${i}<networkInterface>\n${i}  <list>\n${i}    <HostAssetInterface>\n` +
    `${i}      ${el('hostname', host.hostname)}\n` +
    `${i}      <interfaceName>eth0</interfaceName>\n` +
    `${i}      <type>PRIVATE</type>\n` +
    `${i}      ${el('address', host.ip)}\n` +
    `${i}    </HostAssetInterface>\n${i}  </list>\n${i}</networkInterface>\n` +
    '    </HostAsset>\n'
  );
}

const S = '            ';

function sourceHead(name: string, host: SimulatedHost, type: string): string {
  return (
    `          <${name}>\n` +
    `${S}${el('assetId', host.assetId)}\n` +
    `${S}${el('type', type)}\n` +
    `${S}${el('firstDiscovered', isoSeconds(host.createdAt))}\n` +
    `${S}${el('lastUpdated', isoSeconds(host.processedAt))}\n`
  );
}

function tagList(wrapper: string, element: string, tags: readonly CloudTag[]): string {
  let x = `${S}<${wrapper}>\n${S}  <tags>\n${S}    <list>\n`;
  for (const t of tags) {
    x += `${S}      <${element}>\n${S}        ${el('key', t.key)}\n${S}        ${el('value', t.value)}\n${S}      </${element}>\n`;
  }
  return x + `${S}    </list>\n${S}  </tags>\n${S}</${wrapper}>\n`;
}

function fields(pairs: [string, string][]): string {
  let x = '';
  for (const [name, value] of pairs) x += `${S}${el(name, value)}\n`;
  return x;
}

function ec2Source(host: SimulatedHost, c: AwsCloud): string {
  return (
    sourceHead('Ec2AssetSourceSimple', host, 'EC_2') +
    tagList('ec2InstanceTags', 'EC2Tags', c.tags) +
    fields([
      ['reservationId', c.reservationId],
      ['availabilityZone', c.availabilityZone],
      ['privateDnsName', c.privateDnsName],
      ['publicDnsName', c.publicDnsName],
      ['instanceId', c.instanceId],
      ['instanceType', c.instanceType],
      ['createdDate', isoSeconds(host.createdAt)],
      ['instanceState', c.instanceState],
      ['groupId', c.groupId],
      ['groupName', c.groupName],
      ['spotInstance', String(c.spotInstance)],
      ['accountId', c.accountId],
      ['subnetId', c.subnetId],
      ['vpcId', c.vpcId],
      ['region', c.region],
      ['zone', 'VPC'],
      ['imageId', c.imageId],
      ['publicIpAddress', c.publicIpAddress],
      ['privateIpAddress', c.privateIpAddress],
      ['monitoringEnabled', 'false'],
    ]) +
    '          </Ec2AssetSourceSimple>\n'
  );
}

function azureSource(host: SimulatedHost, c: AzureCloud): string {
  return (
    sourceHead('AzureAssetSourceSimple', host, 'AZURE') +
    tagList('azureVmTags', 'AzureTags', c.tags) +
    fields([
      ['name', c.name],
      ['location', c.location],
      ['vmSize', c.vmSize],
      ['vmId', c.vmId],
      ['offer', c.offer],
      ['state', c.state],
      ['publisher', c.publisher],
      ['version', 'latest'],
      ['osType', c.osType],
      ['subnet', c.subnet],
      ['subscriptionId', c.subscriptionId],
      ['resourceGroupName', c.resourceGroupName],
      ['macAddress', c.macAddress],
      ['privateIpAddress', c.privateIpAddress],
    ]) +
    '          </AzureAssetSourceSimple>\n'
  );
}

function gcpSource(host: SimulatedHost, c: GcpCloud): string {
  return (
    sourceHead('GcpAssetSourceSimple', host, 'GCP') +
    fields([
      ['instanceId', c.instanceId],
      ['hostname', c.hostname],
      ['machineType', c.machineType],
      ['imageId', c.imageId],
      ['zone', c.zone],
      ['projectIdNo', c.projectIdNo],
      ['state', c.state],
      ['projectId', c.projectId],
      ['network', c.network],
      ['macAddress', c.macAddress],
      ['publicIpAddress', c.publicIpAddress],
      ['privateIpAddress', c.privateIpAddress],
    ]) +
    tagList('gcpInstanceTags', 'GCPTags', c.tags) +
    '          </GcpAssetSourceSimple>\n'
  );
}
