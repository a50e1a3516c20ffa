/**
 * The records the simulated subscription is made of. Times are epoch
 * milliseconds on whole seconds; writers format them. Ids that Qualys sends
 * as long numbers (account ids, GCP instance ids) are strings here, as a
 * careful client must keep them.
 */

/** A Qualys asset tag, as on detection hosts and host assets. */
export interface SimulatedTag {
  id: number;
  name: string;
}

/** A cloud key/value tag (EC2Tags, AzureTags, GCPTags). */
export interface CloudTag {
  key: string;
  value: string;
}

/** An EC2 instance, as the host asset's Ec2AssetSourceSimple describes it. */
export interface AwsCloud {
  provider: 'aws';
  accountId: string;
  region: string;
  availabilityZone: string;
  instanceId: string;
  instanceType: string;
  imageId: string;
  instanceState: 'RUNNING' | 'STOPPED';
  reservationId: string;
  subnetId: string;
  vpcId: string;
  groupId: string;
  groupName: string;
  privateDnsName: string;
  publicDnsName: string;
  privateIpAddress: string;
  publicIpAddress: string;
  spotInstance: boolean;
  tags: CloudTag[];
}

/** An Azure VM (AzureAssetSourceSimple). */
export interface AzureCloud {
  provider: 'azure';
  subscriptionId: string;
  resourceGroupName: string;
  name: string;
  location: string;
  vmId: string;
  vmSize: string;
  offer: string;
  publisher: string;
  osType: string;
  state: string;
  subnet: string;
  macAddress: string;
  privateIpAddress: string;
  tags: CloudTag[];
}

/** A Compute Engine instance (GcpAssetSourceSimple). */
export interface GcpCloud {
  provider: 'gcp';
  projectId: string;
  projectIdNo: string;
  /** 19 digits: above 2^53, so it must never pass through a JS number. */
  instanceId: string;
  hostname: string;
  zone: string;
  machineType: string;
  imageId: string;
  network: string;
  state: string;
  macAddress: string;
  privateIpAddress: string;
  publicIpAddress: string;
  tags: CloudTag[];
}

/** A host with no cloud source. */
export interface OnPremises {
  provider: 'none';
}

export type CloudInfo = AwsCloud | AzureCloud | GcpCloud | OnPremises;

/** One VM host: what the host list, detection and asset calls tell about it. */
export interface SimulatedHost {
  /** Position in the subscription, 0-based; ids ascend with it. */
  index: number;
  /** QWEB host id (HOST/ID, qwebHostId). */
  id: number;
  /** Asset Management id (HostAsset/id, detection ASSET_ID). */
  assetId: number;
  /** False for the few hosts the asset search deliberately does not know. */
  hasAssetRecord: boolean;
  ip: string;
  /** Short host name. */
  hostname: string;
  /** DNS name as the scanner resolved it (detection DNS, asset dnsHostName). */
  dns: string;
  /** Asset `fqdn`; often empty, as in real subscriptions. */
  fqdn: string;
  netbios?: string;
  os: string;
  /** Detection-side tracking method (IP, DNS, EC2, AGENT). */
  trackingMethod: string;
  /** Asset-side tracking method (IP, INSTANCE_ID, QAGENT, VIRTUAL_MACHINE_ID). */
  assetTrackingMethod: string;
  /** Cloud agent GUID, for agent-tracked hosts. */
  qgHostId?: string;
  tags: SimulatedTag[];
  cloud: CloudInfo;
  createdAt: number;
  /** When Qualys last processed VM data for the host (vm_processed_*). */
  processedAt: number;
  /** LAST_SCAN_DATETIME; equals processedAt. */
  lastScanAt: number;
  /** LAST_VM_SCANNED_DATE: the scan itself, a little before processing. */
  vmScannedAt: number;
  scanDurationSeconds: number;
}

export type DetectionType = 'Confirmed' | 'Potential' | 'Info';
export type DetectionStatus = 'New' | 'Active' | 'Fixed' | 'Re-Opened';

/** One QID found on one host. */
export interface SimulatedDetection {
  qid: number;
  type: DetectionType;
  severity: number;
  port?: number;
  protocol?: string;
  ssl: boolean;
  status: DetectionStatus;
  results: string;
  firstFoundAt: number;
  lastFoundAt: number;
  timesFound: number;
  lastTestAt: number;
  lastUpdateAt: number;
  lastFixedAt?: number;
  lastProcessedAt: number;
}

export type VulnType =
  | 'Vulnerability'
  | 'Potential Vulnerability'
  | 'Vulnerability or Potential Vulnerability'
  | 'Information Gathered';

/** One knowledge-base entry (one QID). */
export interface KnowledgeBaseEntry {
  qid: number;
  vulnType: VulnType;
  severityLevel: number;
  title: string;
  category: string;
  publishedAt: number;
  lastModifiedAt: number;
  patchable: boolean;
  vendor: string;
  product: string;
  cves: string[];
  cvssBase?: string;
  cvssV3Base?: string;
  diagnosis: string;
  consequence: string;
  solution: string;
  pciFlag: boolean;
  remote: boolean;
  /** Service the check talks to; absent for local (authenticated) checks. */
  port?: number;
  protocol?: string;
  ssl: boolean;
  /** True for QIDs that only web application scanning reports. */
  webApplication: boolean;
}

/** A WAS web application. */
export interface SimulatedWebApp {
  id: number;
  name: string;
  url: string;
  ownerId: number;
  createdAt: number;
  updatedAt: number;
  isScanned: boolean;
  lastScanAt?: number;
  tagCount: number;
}

export type WebFindingStatus = 'NEW' | 'ACTIVE' | 'REOPENED' | 'FIXED';

/** A WAS finding on one web app. */
export interface SimulatedFinding {
  id: number;
  uniqueId: string;
  qid: number;
  name: string;
  type: 'VULNERABILITY' | 'INFORMATION_GATHERED';
  potential: boolean;
  severity: number;
  url: string;
  param?: string;
  /** Only VULNERABILITY findings carry status, timesDetected and isIgnored. */
  status?: WebFindingStatus;
  timesDetected?: number;
  isIgnored?: boolean;
  firstDetectedAt: number;
  lastDetectedAt: number;
  lastTestedAt: number;
  webApp: { id: number; name: string; url: string };
}
