import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { QualysClient, RecordQuery } from '../../src/qualys/client';
import { HostAsset, readHostAsset } from '../../src/qualys/operations/hostAssets';
import { DetectionHost, readHost } from '../../src/qualys/operations/hostDetections';
import { iterateHostIds } from '../../src/qualys/operations/hostIds';
import { KnowledgeBaseVuln, readVuln } from '../../src/qualys/operations/knowledgeBase';
import { PortalVersion, fetchPortalVersion } from '../../src/qualys/operations/portalVersion';
import { WebAppFinding, readWebAppFinding } from '../../src/qualys/operations/webAppFindings';
import { WebApp, readWebApp } from '../../src/qualys/operations/webApps';
import { parseXmlStream } from '../../src/qualys/xml/parseXmlStream';
import { XmlRecord } from '../../src/qualys/xml/recordReader';
import { XmlNode } from '../../src/qualys/xml/xmlNode';

/** The recorded Qualys responses kept in the project (see its README). */
export const CORPUS_FIXTURES = path.join(__dirname, '..', 'fixtures', 'corpus');

/**
 * The record paths each operation reads, as written in its source file
 * (src/qualys/operations/*.ts keeps them module-private).
 * `test/helpers/readFixture.test.ts` checks that they still agree.
 */
export const RecordPaths = {
  HOST_ASSET: 'ServiceResponse/data/HostAsset',
  DETECTION_HOST: 'HOST_LIST_VM_DETECTION_OUTPUT/RESPONSE/HOST_LIST/HOST',
  KNOWLEDGE_BASE_VULN: 'KNOWLEDGE_BASE_VULN_LIST_OUTPUT/RESPONSE/VULN_LIST/VULN',
  WEB_APP: 'ServiceResponse/data/WebApp',
  WEB_APP_FINDING: 'ServiceResponse/data/Finding',
} as const;

/** The client's default cap on the text of one element (64 KiB). */
const MAX_TEXT_LENGTH = 64 * 1024;
/** Bytes handed to the parser at a time, so records cross chunk boundaries as on the wire. */
const CHUNK_BYTES = 4096;

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    yield bytes.subarray(start, start + CHUNK_BYTES);
  }
}

/** Parses a fixture the way the client parses a response body. */
export async function readFixtureRecords(
  file: string,
  recordPaths: readonly string[],
  expectedRoot?: string,
): Promise<XmlRecord[]> {
  const bytes = await readFile(path.join(CORPUS_FIXTURES, file));
  const records: XmlRecord[] = [];
  let root: string | undefined;
  for await (const record of parseXmlStream(chunksOf(bytes), {
    recordPaths,
    maxTextLength: MAX_TEXT_LENGTH,
    onRoot: (name) => {
      root = name;
    },
  })) {
    records.push(record);
  }
  if (expectedRoot !== undefined && root !== expectedRoot) {
    throw new Error(`${file}: document element is <${root ?? 'none'}>, expected <${expectedRoot}>`);
  }
  return records;
}

/** The elements of a fixture at one record path. */
export async function readFixtureNodes(file: string, recordPath: string): Promise<XmlNode[]> {
  const records = await readFixtureRecords(file, [recordPath]);
  return records.filter((record) => record.path === recordPath).map((record) => record.node);
}

async function readTyped<T>(
  file: string,
  recordPath: string,
  read: (node: XmlNode) => T | undefined,
): Promise<T[]> {
  const nodes = await readFixtureNodes(file, recordPath);
  return nodes.map(read).filter((record): record is T => record !== undefined);
}

export function readHostAssets(file: string): Promise<HostAsset[]> {
  return readTyped(file, RecordPaths.HOST_ASSET, readHostAsset);
}

export function readDetectionHosts(file: string): Promise<DetectionHost[]> {
  return readTyped(file, RecordPaths.DETECTION_HOST, readHost);
}

export function readKnowledgeBaseVulns(file: string): Promise<KnowledgeBaseVuln[]> {
  return readTyped(file, RecordPaths.KNOWLEDGE_BASE_VULN, readVuln);
}

export function readWebApps(file: string): Promise<WebApp[]> {
  return readTyped(file, RecordPaths.WEB_APP, readWebApp);
}

export function readWebAppFindings(file: string): Promise<WebAppFinding[]> {
  return readTyped(file, RecordPaths.WEB_APP_FINDING, readWebAppFinding);
}

/** The queries an operation sent to a fixture client, for checking its record paths. */
export interface FixtureClient {
  client: QualysClient;
  queries: RecordQuery[];
}

/**
 * A stand-in for the Qualys client that answers every query with one fixture,
 * parsed with the record paths the query asks for. Lets the operations that
 * have no exported `read*` function (portal version, host ids) run unchanged.
 */
export function fixtureClient(file: string): FixtureClient {
  const queries: RecordQuery[] = [];
  const apiUrl = new URL('https://qualysapi.qg3.apps.qualys.com');
  const stand: Pick<QualysClient, 'apiUrl' | 'url' | 'records' | 'collect'> = {
    apiUrl,
    url(pathname: string, query?: Record<string, string>): URL {
      const url = new URL(pathname, apiUrl);
      for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
      return url;
    },
    async *records(query: RecordQuery): AsyncGenerator<XmlRecord> {
      queries.push(query);
      yield* await readFixtureRecords(file, query.recordPaths, query.expectedRoot);
    },
    async collect(query: RecordQuery): Promise<XmlRecord[]> {
      queries.push(query);
      return readFixtureRecords(file, query.recordPaths, query.expectedRoot);
    },
  };
  return { client: stand as unknown as QualysClient, queries };
}

export function readPortalVersion(file: string): Promise<PortalVersion> {
  return fetchPortalVersion(fixtureClient(file).client);
}

export async function readHostIds(file: string): Promise<number[]> {
  const ids: number[] = [];
  for await (const id of iterateHostIds(fixtureClient(file).client, {})) ids.push(id);
  return ids;
}
