import { TargetEntityProperties } from '@jupiterone/integration-sdk-core';
import { DetectionHost } from '../qualys/operations/hostDetections';
import { CloudTags, HostAsset } from '../qualys/operations/hostAssets';
import { HostTargetType, TargetTypes } from '../steps/constants';
import { compact, withOwnStrings } from './text';
import { discoveredHostKey } from './keys';

/** The graph's idea of the machine a Qualys host is, for mapped relationships. */
export interface HostTarget {
  _type: HostTargetType;
  /** Everything known about the machine: carried once per host, by SCANS. */
  entity: TargetEntityProperties;
  /**
   * The machine's identity only: carried by each finding's HAS. A host has
   * twenty-odd findings, and the full description (tags, cloud details)
   * repeated on every one of them was about a fifth of the graph's bytes.
   */
  reference: TargetEntityProperties;
  targetFilterKeys: string[][];
  skipTargetCreation?: boolean;
}

/**
 * What a finding's HAS says about its machine: the properties any filter key
 * names (added per target), and what the data model requires of a Host
 * (name, displayName, hostname), so that a machine a mapper creates from this
 * relationship, before the host's SCANS is mapped, is still a valid Host.
 */
const REFERENCE_PROPERTIES = ['_class', '_type', '_key', 'name', 'displayName', 'hostname'] as const;

/**
 * Chooses what a Qualys host is in the graph: an EC2 instance, an Azure VM or a
 * GCP instance when the host asset carries enough of that cloud's identity to
 * build the key the cloud's own integration uses, else a discovered host that
 * a mapper can match by Qualys host id, FQDN or IP. A host with no asset
 * record still gets a target, from what the detection list says about it.
 */
export function createHostTarget(host: DetectionHost, asset: HostAsset | undefined): HostTarget {
  const base = baseHostProperties(host, asset);
  const found =
    awsTarget(base, asset) ?? azureTarget(base, asset) ?? gcpTarget(base, asset) ?? discoveredTarget(base, host);
  // The target outlives the host's XML (its relationships wait for full
  // batches of their type): its strings must not pin the parser's chunks.
  const target = { ...found, entity: withOwnStrings(found.entity) };
  return { ...target, reference: referenceOf(target.entity, target.targetFilterKeys) };
}

function referenceOf(entity: TargetEntityProperties, filterKeys: string[][]): TargetEntityProperties {
  const reference: Record<string, unknown> = {};
  const wanted = new Set<string>([...REFERENCE_PROPERTIES, ...filterKeys.flat()]);
  for (const name of wanted) {
    if (entity[name] !== undefined) reference[name] = entity[name];
  }
  return reference as TargetEntityProperties;
}

type TargetWithoutReference = Omit<HostTarget, 'reference'>;

type Properties = Record<string, string | number | boolean | string[] | undefined>;

function baseHostProperties(host: DetectionHost, asset: HostAsset | undefined): Properties {
  const fqdn = chooseFqdn(asset?.fqdn, asset?.dnsHostName, host.fqdn, host.dns);
  const ipAddress = firstText(asset?.address, host.ip, host.ipv6);
  const hostname = firstText(asset?.hostname, fqdn, host.netbios, asset?.netbiosName, ipAddress, host.id);
  const name = firstText(asset?.name, fqdn, host.netbios, ipAddress, host.id);
  return {
    name,
    displayName: name,
    hostname,
    fqdn,
    ipAddress,
    os: firstText(host.os, asset?.os),
    platform: platformOf(firstText(host.os, asset?.os)),
    qualysHostId: host.id,
    qualysQwebHostId: host.id,
    qualysAssetId: asset?.assetId,
    qualysTrackingMethod: firstText(host.trackingMethod, asset?.trackingMethod),
    netbiosName: firstText(host.netbios, asset?.netbiosName),
    lastScannedOn: host.lastVmScannedAt ?? host.lastScanAt ?? asset?.lastVulnScanAt,
    scannedBy: 'qualys',
    tags: unique([...(asset?.tags ?? []), ...host.tags]),
  };
}

function awsTarget(base: Properties, asset: HostAsset | undefined): TargetWithoutReference | undefined {
  const ec2 = asset?.ec2;
  if (!ec2?.instanceId || !ec2.region || !ec2.accountId) return undefined;
  const accountId = ec2.accountId.padStart(12, '0');
  const arn = `arn:aws:ec2:${ec2.region}:${accountId}:instance/${ec2.instanceId}`;
  return {
    _type: TargetTypes.AWS_INSTANCE,
    targetFilterKeys: [['_type', '_key']],
    entity: compact({
      ...base,
      ...cloudTags(ec2.tags),
      _class: 'Host',
      _type: TargetTypes.AWS_INSTANCE,
      _key: arn,
      id: ec2.instanceId,
      instanceId: ec2.instanceId,
      accountId,
      region: ec2.region,
      availabilityZone: ec2.availabilityZone,
      instanceType: ec2.instanceType,
      imageId: ec2.imageId,
      vpcId: ec2.vpcId,
      subnetId: ec2.subnetId,
      privateIpAddress: ec2.privateIpAddress,
      publicIpAddress: ec2.publicIpAddress,
      privateDnsName: ec2.privateDnsName,
      publicDnsName: ec2.publicDnsName,
      state: ec2.instanceState?.toLowerCase(),
    }),
  };
}

function azureTarget(base: Properties, asset: HostAsset | undefined): TargetWithoutReference | undefined {
  const azure = asset?.azure;
  const vmName = azure?.name ?? asset?.name;
  if (!azure?.subscriptionId || !azure.resourceGroupName || !vmName) return undefined;
  const resourceId =
    `/subscriptions/${azure.subscriptionId}/resourceGroups/${azure.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${vmName}`.toLowerCase();
  return {
    _type: TargetTypes.AZURE_VM,
    targetFilterKeys: [['_type', '_key']],
    entity: compact({
      ...base,
      ...cloudTags(azure.tags),
      _class: 'Host',
      _type: TargetTypes.AZURE_VM,
      _key: resourceId,
      id: azure.vmId ?? resourceId,
      vmId: azure.vmId,
      subscriptionId: azure.subscriptionId,
      resourceGroup: azure.resourceGroupName,
      region: azure.location,
      vmSize: azure.vmSize,
      state: azure.state?.toLowerCase(),
      privateIpAddress: azure.privateIpAddress,
      publicIpAddress: azure.publicIpAddress,
    }),
  };
}

function gcpTarget(base: Properties, asset: HostAsset | undefined): TargetWithoutReference | undefined {
  const gcp = asset?.gcp;
  // Google's self link names the instance by its name, which Qualys reports
  // as the host asset name, not the guest hostname.
  const instanceName = asset?.name;
  if (!gcp?.projectId || !gcp.zone || !instanceName) return undefined;
  const selfLink = `https://www.googleapis.com/compute/v1/projects/${gcp.projectId}/zones/${gcp.zone}/instances/${instanceName}`;
  return {
    _type: TargetTypes.GCP_INSTANCE,
    targetFilterKeys: [['_type', '_key']],
    entity: compact({
      ...base,
      ...cloudTags(gcp.tags),
      _class: 'Host',
      _type: TargetTypes.GCP_INSTANCE,
      _key: selfLink,
      hostname: gcp.hostname ?? base.hostname,
      id: gcp.instanceId,
      instanceId: gcp.instanceId,
      projectId: gcp.projectId,
      zone: gcp.zone,
      machineType: gcp.machineType,
      state: gcp.state?.toLowerCase(),
      privateIpAddress: gcp.privateIpAddress,
      publicIpAddress: gcp.publicIpAddress,
    }),
  };
}

function discoveredTarget(base: Properties, host: DetectionHost): TargetWithoutReference {
  return {
    _type: TargetTypes.DISCOVERED_HOST,
    // Alternatives, in order: the Qualys host id that the Qualys-aware
    // integrations record, then the FQDN, then the IP address.
    targetFilterKeys: [
      ['_class', 'qualysQwebHostId'],
      ['_class', 'fqdn'],
      ['_class', 'ipAddress'],
    ].filter(([, key]) => base[key] !== undefined),
    entity: compact({
      ...base,
      _class: 'Host',
      _type: TargetTypes.DISCOVERED_HOST,
      _key: discoveredHostKey(host.id),
      id: host.id,
    }),
  };
}

/** Cloud tags become `tag.<key>` text properties, as the cloud integrations write them. */
function cloudTags(tags: CloudTags): Properties {
  const properties: Properties = {};
  for (const [key, value] of Object.entries(tags)) properties[`tag.${key}`] = value;
  return properties;
}

/**
 * Qualys has several name fields and fills them unevenly: `fqdn` is often
 * empty, `dnsHostName` is sometimes a bare host name. A dotted name that is
 * not an IP address wins, in the order given; else the first name at all.
 */
function chooseFqdn(...names: Array<string | undefined>): string | undefined {
  const present = names.map((n) => n?.trim().toLowerCase()).filter((n): n is string => !!n);
  return present.find((n) => n.includes('.') && !/^[\d.]+$/.test(n)) ?? present[0];
}

function firstText(...values: Array<string | undefined | false>): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function platformOf(os: string | undefined): string | undefined {
  if (!os) return undefined;
  if (/windows/i.test(os)) return 'windows';
  if (/linux|ubuntu|debian|centos|red ?hat|rhel|amazon|suse|fedora/i.test(os)) return 'linux';
  if (/mac ?os|darwin/i.test(os)) return 'darwin';
  return undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
