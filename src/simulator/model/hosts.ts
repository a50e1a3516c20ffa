import { DAY, MINUTE, SECOND } from '../dates';
import { hash32, rngAt, Rng } from '../prng';
import { AwsCloud, AzureCloud, CloudInfo, CloudTag, GcpCloud, SimulatedHost, SimulatedTag } from './types';
import {
  AWS_ACCOUNTS,
  AWS_INSTANCE_TYPES,
  AWS_REGIONS,
  AZURE_LOCATIONS,
  AZURE_SUBSCRIPTIONS,
  AZURE_VM_SIZES,
  CLOUD_TAG_OWNERS,
  ENVIRONMENTS,
  GCP_MACHINE_TYPES,
  GCP_PROJECTS,
  GCP_ZONES,
  HOST_ROLES,
  ON_PREM_DOMAINS,
  OPERATING_SYSTEMS,
  QUALYS_TAGS,
} from './words';

const SALT_HOST = 21;
const SALT_HOST_ID = 22;
const SALT_ASSET_ID = 23;

// Ids ascend with the host index but leave gaps, as real ids do; the gap
// within each stride comes from the seed, so an id maps back to exactly one
// index without any table.
const HOST_ID_BASE = 90_000_000;
const HOST_ID_STRIDE = 13;
const ASSET_ID_BASE = 20_000_000;
const ASSET_ID_STRIDE = 7;

/** QWEB host id of the host at `index`. */
export function hostIdAt(seed: number, index: number): number {
  return HOST_ID_BASE + index * HOST_ID_STRIDE + (hash32(seed, SALT_HOST_ID, index) % HOST_ID_STRIDE);
}

/** Index of a QWEB host id, or undefined when no host of any size has it. */
export function indexOfHostId(seed: number, id: number): number | undefined {
  if (!Number.isSafeInteger(id) || id < HOST_ID_BASE) return undefined;
  const index = Math.floor((id - HOST_ID_BASE) / HOST_ID_STRIDE);
  return hostIdAt(seed, index) === id ? index : undefined;
}

/** Smallest index whose host id is >= id (for id_min). */
export function firstIndexAtOrAbove(seed: number, id: number): number {
  if (id <= HOST_ID_BASE) return 0;
  const index = Math.floor((id - HOST_ID_BASE) / HOST_ID_STRIDE);
  return hostIdAt(seed, index) >= id ? index : index + 1;
}

/** Largest index whose host id is <= id (for id_max); -1 when none. */
export function lastIndexAtOrBelow(seed: number, id: number): number {
  if (id < HOST_ID_BASE) return -1;
  const index = Math.floor((id - HOST_ID_BASE) / HOST_ID_STRIDE);
  return hostIdAt(seed, index) <= id ? index : index - 1;
}

/**
 * Generates host `index` from the seed alone: the same host every time, and
 * nothing about any other host is needed. `now` anchors the dates.
 */
export function generateHost(seed: number, index: number, now: number): SimulatedHost {
  const rng = rngAt(seed, SALT_HOST, index);
  const id = hostIdAt(seed, index);
  const assetId = ASSET_ID_BASE + index * ASSET_ID_STRIDE + (hash32(seed, SALT_ASSET_ID, index) % ASSET_ID_STRIDE);
  const os = rng.pick(OPERATING_SYSTEMS);
  const role = rng.pick(HOST_ROLES);
  const hostname = `${role}-${String(index).padStart(4, '0')}`;

  const cloudRoll = rng.next();
  const agent = rng.chance(cloudRoll < 0.6 ? 0.5 : 0.3);
  let cloud: CloudInfo;
  let ip: string;
  let dns: string;
  if (cloudRoll < 0.3) {
    ip = address('172.31', index);
    cloud = awsCloud(rng, hostname, ip);
    dns = cloud.privateDnsName;
  } else if (cloudRoll < 0.45) {
    ip = address('10.1', index);
    cloud = azureCloud(rng, hostname, ip, os.windows);
    dns = `${hostname}.internal.cloudapp.net`;
  } else if (cloudRoll < 0.6) {
    ip = address('10.128', index);
    cloud = gcpCloud(rng, hostname, ip);
    dns = cloud.hostname;
  } else {
    ip = address('10.20', index);
    cloud = { provider: 'none' };
    dns = `${hostname}.${rng.pick(ON_PREM_DOMAINS)}`;
  }

  const processedAt = now - hostAge(rng);
  const scanDurationSeconds = rng.between(60, 2400);
  return {
    index,
    id,
    assetId,
    hasAssetRecord: !rng.chance(0.04),
    ip,
    hostname,
    dns,
    fqdn: rng.chance(0.7) ? dns : '',
    netbios: os.windows ? hostname.toUpperCase().slice(0, 15) : undefined,
    os: os.name,
    trackingMethod: agent ? 'AGENT' : cloud.provider === 'aws' ? 'EC2' : rng.pick(['IP', 'IP', 'DNS']),
    assetTrackingMethod: agent ? 'QAGENT' : assetTracking(cloud),
    qgHostId: agent ? rng.uuid() : undefined,
    tags: qualysTags(rng, agent, os.windows),
    cloud,
    createdAt: processedAt - rng.between(30, 900) * DAY,
    processedAt,
    lastScanAt: processedAt,
    vmScannedAt: processedAt - rng.between(1, 20) * MINUTE - scanDurationSeconds * SECOND,
    scanDurationSeconds,
  };
}

/**
 * Most hosts were processed in the last six days; one in five is older, so
 * a `vm_processed_after` window of a week leaves some out.
 */
function hostAge(rng: Rng): number {
  const seconds = rng.chance(0.8)
    ? rng.between(5 * 60, 6 * 86400)
    : rng.between(8 * 86400, 60 * 86400);
  return seconds * SECOND;
}

function address(prefix: string, index: number): string {
  const n = index % 62500;
  return `${prefix}.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

function assetTracking(cloud: CloudInfo): string {
  switch (cloud.provider) {
    case 'aws':
    case 'gcp':
      return 'INSTANCE_ID';
    case 'azure':
      return 'VIRTUAL_MACHINE_ID';
    default:
      return 'IP';
  }
}

function qualysTags(rng: Rng, agent: boolean, windows: boolean): SimulatedTag[] {
  const chosen = new Set<number>();
  if (agent) chosen.add(0);
  chosen.add(windows ? 5 : 4);
  const extra = rng.int(3);
  for (let i = 0; i < extra; i++) chosen.add(1 + rng.int(QUALYS_TAGS.length - 1));
  return [...chosen].sort((a, b) => a - b).map((i) => ({ ...QUALYS_TAGS[i] }));
}

function cloudTags(rng: Rng, hostname: string): CloudTag[] {
  const tags: CloudTag[] = [
    { key: 'Name', value: hostname },
    { key: 'Environment', value: rng.pick(ENVIRONMENTS) },
  ];
  if (rng.chance(0.6)) tags.push({ key: 'Owner', value: rng.pick(CLOUD_TAG_OWNERS) });
  // Values that look numeric must stay strings, leading zeros included.
  if (rng.chance(0.4)) tags.push({ key: 'CostCenter', value: `00${rng.digits(2)}` });
  if (rng.chance(0.2)) tags.push({ key: 'Lifecycle', value: `2026${rng.pick(['0630', '1231'])}` });
  return tags;
}

function awsCloud(rng: Rng, hostname: string, ip: string): AwsCloud {
  const region = rng.pick(AWS_REGIONS);
  const publicIp = `203.0.113.${rng.between(1, 254)}`;
  return {
    provider: 'aws',
    accountId: rng.pick(AWS_ACCOUNTS),
    region,
    availabilityZone: `${region}${rng.pick(['a', 'b', 'c'])}`,
    instanceId: `i-0${rng.hex(16)}`,
    instanceType: rng.pick(AWS_INSTANCE_TYPES),
    imageId: `ami-0${rng.hex(16)}`,
    instanceState: rng.chance(0.85) ? 'RUNNING' : 'STOPPED',
    reservationId: `r-0${rng.hex(16)}`,
    subnetId: `subnet-${rng.hex(8)}`,
    vpcId: `vpc-${rng.hex(8)}`,
    groupId: `sg-${rng.hex(8)}`,
    groupName: rng.pick(['default', 'web-tier', 'internal']),
    privateDnsName: `ip-${ip.replace(/\./g, '-')}.${region}.compute.internal`,
    publicDnsName: `ec2-${publicIp.replace(/\./g, '-')}.${region}.compute.example.com`,
    privateIpAddress: ip,
    publicIpAddress: publicIp,
    spotInstance: rng.chance(0.1),
    tags: cloudTags(rng, hostname),
  };
}

function azureCloud(rng: Rng, hostname: string, ip: string, windows: boolean): AzureCloud {
  const location = rng.pick(AZURE_LOCATIONS);
  return {
    provider: 'azure',
    subscriptionId: rng.pick(AZURE_SUBSCRIPTIONS),
    resourceGroupName: `rg-${rng.pick(ENVIRONMENTS)}-${location}`,
    name: hostname,
    location,
    vmId: rng.uuid(),
    vmSize: rng.pick(AZURE_VM_SIZES),
    offer: windows ? 'WindowsServer' : rng.pick(['UbuntuServer', 'RHEL', 'CentOS']),
    publisher: windows ? 'MicrosoftWindowsServer' : rng.pick(['Canonical', 'RedHat', 'OpenLogic']),
    osType: windows ? 'Windows' : 'Linux',
    state: rng.chance(0.85) ? 'RUNNING' : 'DEALLOCATED',
    subnet: 'default',
    macAddress: `00-0D-3A-${rng.hex(2)}-${rng.hex(2)}-${rng.hex(2)}`.toUpperCase(),
    privateIpAddress: ip,
    tags: cloudTags(rng, hostname),
  };
}

function gcpCloud(rng: Rng, hostname: string, ip: string): GcpCloud {
  const project = rng.pick(GCP_PROJECTS);
  return {
    provider: 'gcp',
    projectId: project.id,
    projectIdNo: project.number,
    instanceId: rng.digits(19),
    hostname: `${hostname}.c.${project.id}.internal`,
    zone: rng.pick(GCP_ZONES),
    machineType: rng.pick(GCP_MACHINE_TYPES),
    imageId: `projects/debian-cloud/global/images/debian-11-bullseye-v2024${rng.digits(4, true)}`,
    network: 'default',
    state: rng.chance(0.85) ? 'RUNNING' : 'TERMINATED',
    macAddress: `42:01:0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`,
    privateIpAddress: ip,
    publicIpAddress: `198.51.100.${rng.between(1, 254)}`,
    tags: cloudTags(rng, hostname),
  };
}
