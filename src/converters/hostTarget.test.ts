import { duplicates, isEpochMs, propertyProblems } from '../../test/helpers/graphChecks';
import { readDetectionHosts, readHostAssets } from '../../test/helpers/readFixture';
import { HostAsset } from '../qualys/operations/hostAssets';
import { DetectionHost } from '../qualys/operations/hostDetections';
import { TargetTypes } from '../steps/constants';
import { HostTarget, createHostTarget } from './hostTarget';

/** What the host step knows of a listed host that has no detections: its id. */
function listedHost(asset: HostAsset): DetectionHost {
  return { id: asset.qwebHostId, tags: [], detections: [], skipped: [] };
}

function targetFor(asset: HostAsset): HostTarget {
  return createHostTarget(listedHost(asset), asset);
}

/** Properties of a target that come from cloud tags. */
function tagProperties(target: HostTarget): Array<[string, unknown]> {
  return Object.entries(target.entity).filter(([key]) => key.startsWith('tag.'));
}

let ec2Asset: HostAsset;
let sampleEc2: HostAsset[];
let sampleAzure: HostAsset[];
let sampleGcp: HostAsset[];
let sampleAgents: HostAsset[];
let detectionHosts: DetectionHost[];

beforeAll(async () => {
  [ec2Asset] = await readHostAssets('host-asset-ec2.xml');
  sampleEc2 = await readHostAssets('sample-host-assets-ec2.xml');
  sampleAzure = await readHostAssets('sample-host-assets-azure.xml');
  sampleGcp = await readHostAssets('sample-host-assets-gcp.xml');
  sampleAgents = await readHostAssets('sample-host-assets-list.xml');
  detectionHosts = await readDetectionHosts('host-detections.xml');
});

function allTargets(): HostTarget[] {
  return [
    targetFor(ec2Asset),
    ...[...sampleEc2, ...sampleAzure, ...sampleGcp, ...sampleAgents].map(targetFor),
    ...detectionHosts.map((host) => createHostTarget(host, undefined)),
  ];
}

describe('createHostTarget', () => {
  test('builds an aws_instance keyed by its ARN when the recorded host asset has an EC2 source', () => {
    const target = targetFor(ec2Asset);
    expect(target._type).toBe(TargetTypes.AWS_INSTANCE);
    expect(target.targetFilterKeys).toEqual([['_type', '_key']]);
    expect(target.entity).toMatchObject({
      _class: 'Host',
      _type: TargetTypes.AWS_INSTANCE,
      _key: 'arn:aws:ec2:us-east-1:191097756250:instance/i-02751173c463c34e8',
      instanceId: 'i-02751173c463c34e8',
      accountId: '191097756250',
      region: 'us-east-1',
      state: 'running',
      qualysQwebHostId: '107800671',
    });
  });

  test('pads the account id to 12 digits in the ARN when Qualys reports it without leading zeros', () => {
    const asset: HostAsset = { ...ec2Asset, ec2: { ...ec2Asset.ec2, tags: {}, accountId: '12345678' } };
    const target = targetFor(asset);
    expect(target.entity._key).toBe('arn:aws:ec2:us-east-1:000012345678:instance/i-02751173c463c34e8');
    expect(target.entity.accountId).toBe('000012345678');
  });

  test('turns EC2 tags into tag.<key> text properties when the asset has them', () => {
    const tagged = targetFor(sampleEc2[1]);
    expect(Object.fromEntries(tagProperties(tagged))).toEqual({
      'tag.Department': 'Security',
      'tag.Owner': 'Example Owner',
      'tag.Email': 'owner@example.com',
      'tag.JIRA': 'POR-6719',
      'tag.Name': 'my-ec2-target',
      // A numeric-looking tag value stays the text it was.
      'tag.Lifecycle': '20171231',
    });
    expect(tagged.entity.tags).toEqual(['Cloud Agent']);
    expect(targetFor(sampleEc2[0]).entity.tags).toEqual([]);
  });

  test('builds an azure_vm keyed by the lower-cased resource id when the asset has an Azure source', () => {
    const targets = sampleAzure.map(targetFor);
    expect(targets.map((t) => t._type)).toEqual([TargetTypes.AZURE_VM, TargetTypes.AZURE_VM]);
    expect(targets.map((t) => t.entity._key)).toEqual([
      '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxxxxxxxxxxxxxx/resourcegroups/sample_resource_group_name/providers/microsoft.compute/virtualmachines/sample_resource',
      '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxxxxxxxxxxxxxx/resourcegroups/sample_resourcegroup/providers/microsoft.compute/virtualmachines/sample_azure_asset',
    ]);
    for (const target of targets) expect(target.entity._key).toBe(String(target.entity._key).toLowerCase());
    expect(Object.fromEntries(tagProperties(targets[0]))).toEqual({ 'tag.Owner': 'John' });
    expect(targets[0].entity.tags).toEqual(['Sample Tag']);
    expect(targets[1].entity.state).toBe('deallocated');
  });

  test('keeps GCP instance ids as exact text when they pass 2^53', () => {
    const targets = sampleGcp.map(targetFor);
    expect(targets.map((t) => t._type)).toEqual([TargetTypes.GCP_INSTANCE, TargetTypes.GCP_INSTANCE]);
    expect(targets.map((t) => t.entity.id)).toEqual(['215287854144326580', '2152878541443265333']);
    expect(targets.map((t) => t.entity.instanceId)).toEqual(['215287854144326580', '2152878541443265333']);
    // The second id is not representable as a double: any trip through Number changes it.
    expect(String(Number('2152878541443265333'))).not.toBe('2152878541443265333');
    expect(targets[0].entity._key).toBe(
      'https://www.googleapis.com/compute/v1/projects/test_account/zones/us-central1-a/instances/gcp-1-qualys',
    );
    expect(targets[0].entity.tags).toEqual(['Cloud Agent', 'gcp']);
  });

  test('builds a discovered_host keyed by the Qualys host id when the asset has no cloud source', () => {
    const target = targetFor(sampleAgents[0]);
    expect(target._type).toBe(TargetTypes.DISCOVERED_HOST);
    expect(target.entity._key).toBe('qualys-host:12688456922');
    expect(target.targetFilterKeys).toEqual([
      ['_class', 'qualysQwebHostId'],
      ['_class', 'fqdn'],
      ['_class', 'ipAddress'],
    ]);
    expect(target.entity.tags).toEqual(['Cloud Agent']);
    expect(target.entity.lastScannedOn).toBe(Date.parse('2018-06-15T11:48:58Z'));
  });

  test('uses the asset fqdn as fqdn when the asset reports both fqdn and a short DNS host name', () => {
    // sample-host-assets-list: <fqdn>something.com</fqdn>, <dnsHostName>102115-M83</dnsHostName>;
    // sample-host-assets-azure: <fqdn>sample_resource_fqdn</fqdn>, <dnsHostName>sample_resource_dns</dnsHostName>.
    expect(targetFor(sampleAgents[0]).entity.fqdn).toBe('something.com');
    expect(targetFor(sampleAzure[0]).entity.fqdn).toBe('sample_resource_fqdn');
  });

  test('builds discovered hosts from the detection list when the recorded hosts have no asset record', () => {
    const targets = detectionHosts.map((host) => createHostTarget(host, undefined));
    expect(targets.map((t) => t._type)).toEqual(Array(5).fill(TargetTypes.DISCOVERED_HOST));
    expect(targets.map((t) => t.entity._key)).toEqual([
      'qualys-host:92661485',
      'qualys-host:92662027',
      'qualys-host:93010479',
      'qualys-host:93010480',
      'qualys-host:93011161',
    ]);
    expect(targets[0].entity).toMatchObject({ ipAddress: '10.0.26.62', fqdn: 'host05.example.com', os: 'Amazon Linux' });
    for (const target of targets) expect(isEpochMs(target.entity.lastScannedOn)).toBe(true);
  });

  test('passes the Host schema when built from every recorded and sample host', () => {
    // One at a time: the sample files repeat a host, and the matcher refuses
    // repeated keys in one list.
    for (const target of allTargets()) expect(target.entity).toMatchGraphObjectSchema({ _class: 'Host' });
  });

  test('writes only flat properties with string tags when built from every recorded and sample host', () => {
    for (const target of allTargets()) {
      expect(propertyProblems(target.entity)).toEqual([]);
      const tags = target.entity.tags;
      expect(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')).toBe(true);
      for (const [key, value] of tagProperties(target)) expect([key, typeof value]).toEqual([key, 'string']);
    }
  });

  test('gives the same key when the same recording is read twice', async () => {
    const again = [
      ...(await readHostAssets('host-asset-ec2.xml')),
      ...(await readHostAssets('sample-host-assets-azure.xml')),
      ...(await readHostAssets('sample-host-assets-gcp.xml')),
    ].map((asset) => targetFor(asset).entity._key);
    const first = [ec2Asset, ...sampleAzure, ...sampleGcp].map((asset) => targetFor(asset).entity._key);
    expect(again).toEqual(first);
    expect(duplicates(first)).toEqual([]);
  });
});
