/**
 * The integration's steps against the recorded Qualys answers, served by the
 * corpus replay server. The corpus lives outside the project (next to it, in
 * `shared/`); without it this file is skipped.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  Entity,
  ExplicitRelationship,
  IntegrationInvocationConfig,
  MappedRelationship,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { StepTestConfig, executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';
import { QualysIntegrationConfig } from '../src/config/types';
import { invocationConfig as qualysInvocationConfig } from '../src/index';
import { Entities, HostTargetRelationships, MappedRelationships, Relationships, Steps, TargetTypes } from '../src/steps/constants';
import { dropSchemaStrictModeWarnings, duplicates, propertyProblems } from './helpers/graphChecks';

// The SDK's step-test helpers take the base config type only; the Qualys
// config is a subtype, which function-typed fields make invariant.
const invocationConfig = qualysInvocationConfig as unknown as IntegrationInvocationConfig;

const REPLAY_SERVER = path.resolve(__dirname, '../../shared/qualys-corpus/replay-server.mjs');
const STARTUP_TIMEOUT_MS = 15_000;

type StepResult = Awaited<ReturnType<typeof executeStepWithDependencies>>;

interface ReplayServer {
  url: string;
  process: ChildProcess;
  /** What the server logged about each request, for failure messages. */
  log: string[];
}

/** Starts the replay server on a free loopback port and waits for its address. */
function startReplayServer(): Promise<ReplayServer> {
  const child = spawn(process.execPath, [REPLAY_SERVER, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => log.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`replay server printed no address within ${STARTUP_TIMEOUT_MS} ms: ${log.join('\n')}`));
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      if (!match) {
        child.kill('SIGTERM');
        reject(new Error(`unexpected first line from the replay server: ${line}`));
        return;
      }
      resolve({ url: match[1], process: child, log });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replay server exited (code ${String(code)}) before listening: ${log.join('\n')}`));
    });
  });
}

function stopReplayServer(server: ReplayServer): Promise<void> {
  const { pid } = server.process;
  if (pid === undefined || server.process.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.process.once('exit', () => resolve());
    process.kill(pid, 'SIGTERM');
  });
}

function isMapped(relationship: Relationship): relationship is MappedRelationship {
  return '_mapping' in relationship && relationship._mapping !== undefined;
}

function mapped(result: StepResult, type: string): MappedRelationship[] {
  return result.collectedRelationships.filter(isMapped).filter((r) => r._type === type);
}

function direct(result: StepResult, type: string): ExplicitRelationship[] {
  return result.collectedRelationships.filter((r): r is ExplicitRelationship => !isMapped(r) && r._type === type);
}

function ofType(result: StepResult, type: string): Entity[] {
  return result.collectedEntities.filter((e) => e._type === type);
}

const describeWithCorpus = existsSync(REPLAY_SERVER) ? describe : describe.skip;

describeWithCorpus('integration steps on the recorded Qualys answers', () => {
  let server: ReplayServer;
  let restoreWarnings: () => void;

  beforeAll(async () => {
    restoreWarnings = dropSchemaStrictModeWarnings();
    server = await startReplayServer();
  });

  afterAll(async () => {
    restoreWarnings();
    if (server) await stopReplayServer(server);
  });

  function stepConfig(stepId: string): StepTestConfig {
    const instanceConfig: QualysIntegrationConfig = {
      qualysApiUrl: server.url,
      qualysUsername: 'u',
      qualysPassword: 'p',
    };
    return { stepId, invocationConfig, instanceConfig };
  }

  /** Runs a step; on failure, the server's request log is part of the error. */
  async function runLogged(stepId: string): Promise<StepResult> {
    const before = server.log.length;
    try {
      return await executeStepWithDependencies(stepConfig(stepId));
    } catch (err) {
      const requests = server.log.slice(before).join('\n');
      throw new Error(`${stepId} failed: ${err instanceof Error ? err.message : String(err)}\nreplay server log:\n${requests}`);
    }
  }

  test('writes the account, both services and their HAS relationships when the portal answers', async () => {
    const result = await runLogged(Steps.ACCOUNT);
    expect(result.collectedEntities.map((e) => e._type).sort()).toEqual(
      [Entities.ACCOUNT._type, Entities.VULNERABILITY_MANAGER._type, Entities.WEB_APP_SCANNER._type].sort(),
    );
    expect(result).toMatchStepMetadata(stepConfig(Steps.ACCOUNT));
    expect(ofType(result, Entities.ACCOUNT._type)[0]).toMatchObject({ vmVersion: '2.11.0', wasVersion: '1.1.0.0-2' });
    expect(direct(result, Relationships.ACCOUNT_HAS_VULNERABILITY_MANAGER._type)).toHaveLength(1);
    expect(direct(result, Relationships.ACCOUNT_HAS_WEB_APP_SCANNER._type)).toHaveLength(1);
  });

  test('maps the web app scanner to each recorded web app when the web app search answers', async () => {
    const result = await runLogged(Steps.WEB_APPS);
    const scans = mapped(result, MappedRelationships.WEB_APP_SCANNER_SCANS_WEB_APP._type);
    expect(result.collectedEntities).toEqual([]);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans).toHaveLength(result.collectedRelationships.length);
    expect(duplicates(scans.map((r) => r._key))).toEqual([]);
    for (const relationship of scans) {
      expect(relationship._class).toBe(RelationshipClass.SCANS);
      expect(relationship._mapping.targetEntity._type).toBe(TargetTypes.WEB_APP);
      expect(propertyProblems(relationship._mapping.targetEntity)).toEqual([]);
    }
    const appKeys = scans.map((r) => r._mapping.targetEntity._key);
    expect(appKeys).toEqual(expect.arrayContaining(['qualys-web-app:238483924', 'qualys-web-app:238483925']));
  });

  test('writes the 86 recorded web app findings with their relationships when the finding search answers', async () => {
    const result = await runLogged(Steps.WEB_APP_FINDINGS);
    const findings = ofType(result, Entities.WEB_APP_FINDING._type);
    expect(findings).toHaveLength(86);
    expect(result.collectedEntities).toHaveLength(86);
    expect(findings).toMatchGraphObjectSchema({
      _class: Entities.WEB_APP_FINDING._class,
      _type: Entities.WEB_APP_FINDING._type,
    });
    for (const finding of findings) expect(propertyProblems(finding)).toEqual([]);

    const findingKeys = new Set(findings.map((f) => f._key));
    const identified = direct(result, Relationships.WEB_APP_SCANNER_IDENTIFIED_FINDING._type);
    expect(identified).toHaveLength(86);
    expect(identified).toMatchDirectRelationshipSchema({});
    expect(new Set(identified.map((r) => r._toEntityKey))).toEqual(findingKeys);

    const onWebApp = mapped(result, MappedRelationships.WEB_APP_HAS_WEB_APP_FINDING._type);
    expect(onWebApp).toHaveLength(86);
    expect(new Set(onWebApp.map((r) => r._mapping.targetEntity._key))).toEqual(
      new Set(['qualys-web-app:238483924', 'qualys-web-app:238483925']),
    );

    // The knowledge base answers for 42 of the 43 QIDs (150454 is missing,
    // one finding has it); five QIDs list CVEs, one of them two.
    expect(mapped(result, MappedRelationships.WEB_APP_FINDING_IS_VULN._type)).toHaveLength(85);
    const cves = mapped(result, MappedRelationships.WEB_APP_FINDING_IS_CVE._type);
    expect(cves.map((r) => String(r._mapping.targetEntity._key).toLowerCase()).sort()).toEqual([
      'cve-2019-11041',
      'cve-2019-11042',
      'cve-2021-33193',
      'cve-2021-40438',
      'cve-2021-44224',
      'cve-2021-44790',
    ]);
    expect(duplicates(result.collectedRelationships.map((r) => r._key))).toEqual([]);
  });

  test('writes the 29 recorded host findings with discovered hosts and an EC2 SCANS target when the host APIs answer', async () => {
    const result = await runLogged(Steps.HOST_FINDINGS);
    const findings = ofType(result, Entities.HOST_FINDING._type);
    expect(findings).toHaveLength(29);
    expect(result.collectedEntities).toHaveLength(29);
    expect(findings).toMatchGraphObjectSchema({ _class: Entities.HOST_FINDING._class, _type: Entities.HOST_FINDING._type });
    for (const finding of findings) expect(propertyProblems(finding)).toEqual([]);
    expect(new Set(findings.map((f) => f.hostId))).toEqual(
      new Set(['92661485', '92662027', '93010479', '93010480', '93011161']),
    );

    const onHost = mapped(result, HostTargetRelationships.HAS_FINDING.discovered_host._type);
    expect(onHost).toHaveLength(29);
    expect(new Set(onHost.map((r) => r._mapping.sourceEntityKey))).toEqual(new Set(findings.map((f) => f._key)));

    const scansDiscovered = mapped(result, HostTargetRelationships.SCANS.discovered_host._type);
    expect(scansDiscovered.map((r) => r._mapping.targetEntity._key).sort()).toEqual([
      'qualys-host:92661485',
      'qualys-host:92662027',
      'qualys-host:93010479',
      'qualys-host:93010480',
      'qualys-host:93011161',
    ]);

    // Host 107800671 is the one host of the recorded host list; it had no
    // detections, but its host asset is an EC2 instance.
    const scansEc2 = mapped(result, HostTargetRelationships.SCANS.aws_instance._type);
    expect(scansEc2).toHaveLength(1);
    expect(scansEc2[0]._mapping).toMatchObject({
      sourceEntityKey: 'qualys-service:vmdr',
      targetFilterKeys: [['_type', '_key']],
      targetEntity: {
        _type: TargetTypes.AWS_INSTANCE,
        _key: 'arn:aws:ec2:us-east-1:191097756250:instance/i-02751173c463c34e8',
        accountId: '191097756250',
        qualysQwebHostId: '107800671',
      },
    });

    for (const relationship of result.collectedRelationships.filter(isMapped)) {
      expect(propertyProblems(relationship._mapping.targetEntity)).toEqual([]);
    }
    expect(duplicates(result.collectedRelationships.map((r) => r._key))).toEqual([]);
  });
});
