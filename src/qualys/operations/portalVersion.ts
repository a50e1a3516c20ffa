import { QualysClient } from '../client';
import { XmlNode } from '../xml/xmlNode';

export interface PortalVersion {
  /** Every module version the portal reported, by element name. */
  versions: Record<string, string>;
  /** VMDR version: `QWEB__VM-VERSION` on current portals, `VM-VERSION` before 2022. */
  vmVersion?: string;
  wasVersion?: string;
}

const PATHS = ['ServiceResponse/data/Portal-Version', 'ServiceResponse/data/QWeb-Version'];

/**
 * `GET /qps/rest/portal/version`: the cheapest authenticated call, used to
 * check credentials and to version the service entities.
 */
export async function fetchPortalVersion(client: QualysClient): Promise<PortalVersion> {
  const records = await client.collect({
    family: 'qps',
    request: { method: 'GET', url: client.url('/qps/rest/portal/version') },
    recordPaths: PATHS,
    expectedRoot: 'ServiceResponse',
  });
  const versions: Record<string, string> = {};
  for (const { node } of records) collectVersions(node, versions);
  return {
    versions,
    vmVersion: versions['QWEB__VM-VERSION'] ?? versions['VM-VERSION'],
    wasVersion: versions['WAS-VERSION'],
  };
}

function collectVersions(node: XmlNode, into: Record<string, string>): void {
  for (const child of node.children) {
    const value = child.text.trim();
    if (child.children.length === 0 && value) into[child.name] = value;
  }
}
