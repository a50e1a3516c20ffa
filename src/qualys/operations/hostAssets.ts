import { QualysClient } from '../client';
import { searchQps } from '../search';
import { toEpochMs } from '../xml/values';
import { XmlNode, childrenAt, textAt } from '../xml/xmlNode';

/** The few facts of a Host Asset that the graph needs: identity and cloud. */
export interface HostAsset {
  assetId?: string;
  qwebHostId: string;
  name?: string;
  createdAt?: number;
  lastVulnScanAt?: number;
  fqdn?: string;
  dnsHostName?: string;
  hostname?: string;
  netbiosName?: string;
  os?: string;
  address?: string;
  trackingMethod?: string;
  agentId?: string;
  tags: string[];
  ec2?: Ec2Source;
  azure?: AzureSource;
  gcp?: GcpSource;
}

export type CloudTags = Record<string, string>;

export interface Ec2Source {
  instanceId?: string;
  /** Kept as text: account ids have leading zeros. */
  accountId?: string;
  region?: string;
  availabilityZone?: string;
  instanceType?: string;
  imageId?: string;
  vpcId?: string;
  subnetId?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  privateDnsName?: string;
  publicDnsName?: string;
  instanceState?: string;
  tags: CloudTags;
}

export interface AzureSource {
  vmId?: string;
  name?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  location?: string;
  vmSize?: string;
  state?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  tags: CloudTags;
}

export interface GcpSource {
  /** Kept as text: GCP instance ids pass 2^53. */
  instanceId?: string;
  projectId?: string;
  projectIdNo?: string;
  zone?: string;
  machineType?: string;
  hostname?: string;
  state?: string;
  network?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  tags: CloudTags;
}

// QPS searches return at most 1000 records a page.
export const HOST_ASSETS_PER_REQUEST = 1000;

/**
 * `POST /qps/rest/2.0/search/am/hostasset` for up to 1000 QWEB host ids
 * (`qwebHostId IN`). Hosts without an asset record are simply absent.
 */
export async function* iterateHostAssets(
  client: QualysClient,
  qwebHostIds: readonly number[],
): AsyncGenerator<HostAsset> {
  if (qwebHostIds.length === 0) return;
  const nodes = searchQps(client, {
    path: '/qps/rest/2.0/search/am/hostasset',
    element: 'HostAsset',
    criteria: [{ field: 'qwebHostId', operator: 'IN', value: qwebHostIds.join(',') }],
    pageSize: Math.min(HOST_ASSETS_PER_REQUEST, qwebHostIds.length),
  });
  for await (const node of nodes) {
    const asset = readHostAsset(node);
    if (asset) yield asset;
  }
}

/** Exported for tests: one HostAsset element as a typed record. */
export function readHostAsset(node: XmlNode): HostAsset | undefined {
  const qwebHostId = textAt(node, 'qwebHostId');
  if (!qwebHostId) return undefined;
  const sources = childrenAt(node, 'sourceInfo', 'list');
  const source = (name: string) => sources.flatMap((list) => childrenAt(list, name))[0];
  const ec2 = source('Ec2AssetSourceSimple');
  const azure = source('AzureAssetSourceSimple');
  const gcp = source('GcpAssetSourceSimple');
  return {
    assetId: textAt(node, 'id'),
    qwebHostId,
    name: textAt(node, 'name'),
    createdAt: toEpochMs(textAt(node, 'created')),
    lastVulnScanAt: toEpochMs(textAt(node, 'lastVulnScan')),
    fqdn: textAt(node, 'fqdn'),
    dnsHostName: textAt(node, 'dnsHostName'),
    hostname: textAt(node, 'hostname'),
    netbiosName: textAt(node, 'netbiosName'),
    os: textAt(node, 'os'),
    address: textAt(node, 'address'),
    trackingMethod: textAt(node, 'trackingMethod'),
    agentId: textAt(node, 'agentInfo', 'agentId'),
    tags: readAssetTags(node),
    ec2: ec2 && {
      instanceId: textAt(ec2, 'instanceId'),
      accountId: textAt(ec2, 'accountId'),
      region: textAt(ec2, 'region'),
      availabilityZone: textAt(ec2, 'availabilityZone'),
      instanceType: textAt(ec2, 'instanceType'),
      imageId: textAt(ec2, 'imageId'),
      vpcId: textAt(ec2, 'vpcId'),
      subnetId: textAt(ec2, 'subnetId'),
      privateIpAddress: textAt(ec2, 'privateIpAddress'),
      publicIpAddress: textAt(ec2, 'publicIpAddress'),
      privateDnsName: textAt(ec2, 'privateDnsName'),
      publicDnsName: textAt(ec2, 'publicDnsName'),
      instanceState: textAt(ec2, 'instanceState'),
      tags: readCloudTags(ec2, 'ec2InstanceTags', 'EC2Tags'),
    },
    azure: azure && {
      vmId: textAt(azure, 'vmId'),
      name: textAt(azure, 'name'),
      subscriptionId: textAt(azure, 'subscriptionId'),
      resourceGroupName: textAt(azure, 'resourceGroupName'),
      location: textAt(azure, 'location'),
      vmSize: textAt(azure, 'vmSize'),
      state: textAt(azure, 'state'),
      privateIpAddress: textAt(azure, 'privateIpAddress'),
      publicIpAddress: textAt(azure, 'publicIpAddress'),
      tags: readCloudTags(azure, 'azureVmTags', 'AzureTags'),
    },
    gcp: gcp && {
      instanceId: textAt(gcp, 'instanceId'),
      projectId: textAt(gcp, 'projectId'),
      projectIdNo: textAt(gcp, 'projectIdNo'),
      zone: textAt(gcp, 'zone'),
      machineType: textAt(gcp, 'machineType'),
      hostname: textAt(gcp, 'hostname'),
      state: textAt(gcp, 'state'),
      network: textAt(gcp, 'network'),
      privateIpAddress: textAt(gcp, 'privateIpAddress'),
      publicIpAddress: textAt(gcp, 'publicIpAddress'),
      tags: readCloudTags(gcp, 'gcpInstanceTags', 'GCPTags'),
    },
  };
}

/** Both tag layouts Qualys has used: `tags/list/TagSimple` and `tags/TAG`. */
function readAssetTags(node: XmlNode): string[] {
  const current = childrenAt(node, 'tags', 'list', 'TagSimple').map((t) => textAt(t, 'name'));
  const legacy = childrenAt(node, 'tags', 'TAG').map((t) => textAt(t, 'NAME'));
  return [...current, ...legacy].filter((name): name is string => name !== undefined);
}

/** `<container>/tags/list/<element>{key,value}` pairs; a missing value is "". */
function readCloudTags(source: XmlNode, container: string, element: string): CloudTags {
  const tags: CloudTags = {};
  for (const tag of childrenAt(source, container, 'tags', 'list', element)) {
    const key = textAt(tag, 'key');
    if (key) tags[key] = textAt(tag, 'value') ?? '';
  }
  return tags;
}
