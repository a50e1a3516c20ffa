import { clientFor } from '../testing/clientHarness';
import { TestServer, answer } from '../testing/testServer';
import { fixture, nodesAt } from '../testing/xmlRecords';
import { HostAsset, iterateHostAssets, readHostAsset } from './hostAssets';

const ASSET_PATH = 'ServiceResponse/data/HostAsset';

function assetsOf(name: string): Array<HostAsset | undefined> {
  return nodesAt(fixture(name), ASSET_PATH).map(readHostAsset);
}

describe('readHostAsset', () => {
  test('reads an EC2 host with its instance facts and tags', () => {
    const [first, second] = assetsOf('host-assets-ec2.xml');
    expect(first).toMatchObject({
      assetId: '709837',
      qwebHostId: '12864',
      name: 'my-ec2-target',
      createdAt: Date.UTC(2017, 6, 27, 18, 14, 28),
      os: 'Linux',
      address: '10.97.15.117',
      trackingMethod: 'INSTANCE_ID',
      tags: [],
      azure: undefined,
      gcp: undefined,
    });
    expect(first?.ec2).toEqual({
      instanceId: 'i-023b166432b1c7afc',
      accountId: '205767712438',
      region: 'us-east-1',
      availabilityZone: 'us-east1e',
      instanceType: 't2.medium',
      imageId: 'ami-22ce4934',
      vpcId: 'vpc-2da7154b',
      subnetId: 'subnet-7bbbcd56',
      privateIpAddress: '10.97.15.117',
      publicIpAddress: '127.0.0.1',
      privateDnsName: 'ip-172-31-3-82.ap-south1.compute.internal',
      publicDnsName: 'ec2-13-232-170-59.ap-south1.compute.amazonaws.com',
      instanceState: 'STOPPED',
      tags: { Department: 'Security' },
    });
    expect(second?.tags).toEqual(['Cloud Agent']);
    expect(second?.ec2?.tags).toEqual({
      Department: 'Security',
      Owner: 'Example Owner',
      Email: 'owner@example.com',
      JIRA: 'POR-6719',
      Name: 'my-ec2-target',
      Lifecycle: '20171231',
    });
  });

  test('keeps EC2 tags with an empty or missing value as empty strings', () => {
    const asset = assetsOf('host-assets-edge-cases.xml')[1];
    expect(asset?.ec2?.tags).toEqual({ Name: 'web-1', Empty: '', SelfClosed: '', Missing: '' });
  });

  test('keeps an AWS account id with its leading zero', () => {
    const asset = assetsOf('host-assets-edge-cases.xml')[1];
    expect(asset?.ec2).toMatchObject({ accountId: '012345678901', instanceState: 'RUNNING' });
    expect(asset?.tags).toEqual(['AWS']);
  });

  test('reads the legacy TAG layout, skipping nameless tags and keeping numeric names as strings', () => {
    const [asset] = assetsOf('host-assets-edge-cases.xml');
    expect(asset).toMatchObject({ qwebHostId: '9001', tags: ['Datacenter East', '42'], ec2: undefined });
  });

  test('gives undefined for an asset without a QWEB host id', () => {
    expect(assetsOf('host-assets-edge-cases.xml')[2]).toBeUndefined();
  });

  test('reads an Azure VM source with and without VM tags', () => {
    const [first, second] = assetsOf('host-assets-azure.xml');
    expect(first).toMatchObject({
      qwebHostId: '41049',
      fqdn: 'sample_resource_fqdn',
      dnsHostName: 'sample_resource_dns',
      trackingMethod: 'VIRTUAL_MACHINE_ID',
      tags: ['Sample Tag'],
      ec2: undefined,
      gcp: undefined,
    });
    expect(first?.azure).toEqual({
      vmId: '399af5dc-c32a-4c40-95a5-c6ed0e786430',
      name: 'sample_resource',
      subscriptionId: 'XXXXXXXX-XXXX-XXXX-XXXXXXXXXXXXXXXX',
      resourceGroupName: 'sample_resource_group_name',
      location: 'centralindia',
      vmSize: 'Standard_B1s',
      state: 'SUCCEEDED',
      privateIpAddress: '172.17.1.5',
      publicIpAddress: undefined,
      tags: { Owner: 'John' },
    });
    expect(second).toMatchObject({ qwebHostId: '3906594', createdAt: Date.UTC(2020, 6, 9, 6, 38, 9) });
    expect(second?.azure).toMatchObject({ state: 'DEALLOCATED', resourceGroupName: 'sample_resourcegroup', tags: {} });
  });

  test('reads a GCP source and keeps an instance id above 2^53 exact', () => {
    const [first, second] = assetsOf('host-assets-gcp.xml');
    expect(first?.gcp?.instanceId).toBe('215287854144326580');
    expect(second?.gcp?.instanceId).toBe('2152878541443265333');
    expect(second).toMatchObject({ qwebHostId: '12833', tags: ['Cloud Agent', 'gcp'], ec2: undefined, azure: undefined });
    expect(second?.gcp).toEqual({
      instanceId: '2152878541443265333',
      projectId: 'test_account',
      projectIdNo: '1035365309339',
      zone: 'us-central1-a',
      machineType: 'n1-standard-1',
      hostname: 'gcp-1-qualys-aw8.c.qvsa-dev.internal',
      state: 'RUNNING',
      network: 'default',
      privateIpAddress: '198.51.100.222',
      publicIpAddress: '198.51.100.222',
      tags: {},
    });
  });
});

describe('iterateHostAssets', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('searches by qwebHostId IN and yields the assets', async () => {
    server = await TestServer.start(answer(fixture('host-assets-gcp.xml'), { contentType: 'application/xml' }));
    const { client } = clientFor(server);

    const ids: string[] = [];
    for await (const asset of iterateHostAssets(client, [12862, 12833])) ids.push(asset.qwebHostId);

    expect(ids).toEqual(['12862', '12833']);
    const [request] = server.requests;
    expect(request.url.pathname).toBe('/qps/rest/2.0/search/am/hostasset');
    expect(request.body).toContain('<Criteria field="qwebHostId" operator="IN">12862,12833</Criteria>');
    expect(request.body).toContain('<limitResults>2</limitResults>');
  });
});
