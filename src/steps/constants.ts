import {
  RelationshipClass,
  RelationshipDirection,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
  generateRelationshipType,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: 'fetch-account',
  WEB_APPS: 'fetch-web-apps',
  WEB_APP_FINDINGS: 'fetch-web-app-findings',
  HOST_FINDINGS: 'fetch-host-findings',
  RUN_REPORT: 'build-run-report',
} as const;

export const Entities = {
  ACCOUNT: { resourceName: 'Account', _type: 'qualys_account', _class: 'Account' },
  VULNERABILITY_MANAGER: {
    resourceName: 'Vulnerability Manager (VMDR)',
    _type: 'qualys_vulnerability_manager',
    _class: 'Service',
  },
  WEB_APP_SCANNER: {
    resourceName: 'Web Application Scanner (WAS)',
    _type: 'qualys_web_app_scanner',
    _class: 'Service',
  },
  HOST_FINDING: { resourceName: 'Host Detection', _type: 'qualys_host_finding', _class: 'Finding' },
  WEB_APP_FINDING: { resourceName: 'Web App Finding', _type: 'qualys_web_app_finding', _class: 'Finding' },
} satisfies Record<string, StepEntityMetadata>;

/** Types of mapped targets: the mapper finds them or creates placeholders. */
export const TargetTypes = {
  VULN: 'qualys_vuln',
  CVE: 'cve',
  WEB_APP: 'web_app',
  AWS_INSTANCE: 'aws_instance',
  AZURE_VM: 'azure_vm',
  GCP_INSTANCE: 'google_compute_instance',
  DISCOVERED_HOST: 'discovered_host',
} as const;

export const HOST_TARGET_TYPES = [
  TargetTypes.AWS_INSTANCE,
  TargetTypes.AZURE_VM,
  TargetTypes.GCP_INSTANCE,
  TargetTypes.DISCOVERED_HOST,
] as const;
export type HostTargetType = (typeof HOST_TARGET_TYPES)[number];

function direct(
  source: { _type: string },
  _class: RelationshipClass,
  target: { _type: string },
): StepRelationshipMetadata {
  return {
    _type: generateRelationshipType(_class, source._type, target._type),
    sourceType: source._type,
    _class,
    targetType: target._type,
  };
}

function mapped(
  sourceType: string,
  _class: RelationshipClass,
  targetType: string,
  direction: RelationshipDirection = RelationshipDirection.FORWARD,
): StepMappedRelationshipMetadata {
  const [from, to] =
    direction === RelationshipDirection.FORWARD ? [sourceType, targetType] : [targetType, sourceType];
  return {
    _type: generateRelationshipType(_class, from, to),
    sourceType,
    _class,
    targetType,
    direction,
  };
}

export const Relationships = {
  ACCOUNT_HAS_VULNERABILITY_MANAGER: direct(Entities.ACCOUNT, RelationshipClass.HAS, Entities.VULNERABILITY_MANAGER),
  ACCOUNT_HAS_WEB_APP_SCANNER: direct(Entities.ACCOUNT, RelationshipClass.HAS, Entities.WEB_APP_SCANNER),
  WEB_APP_SCANNER_IDENTIFIED_FINDING: direct(Entities.WEB_APP_SCANNER, RelationshipClass.IDENTIFIED, Entities.WEB_APP_FINDING),
};

export const MappedRelationships = {
  WEB_APP_SCANNER_SCANS_WEB_APP: mapped(Entities.WEB_APP_SCANNER._type, RelationshipClass.SCANS, TargetTypes.WEB_APP),
  WEB_APP_FINDING_IS_VULN: mapped(Entities.WEB_APP_FINDING._type, RelationshipClass.IS, TargetTypes.VULN),
  WEB_APP_FINDING_IS_CVE: mapped(Entities.WEB_APP_FINDING._type, RelationshipClass.IS, TargetTypes.CVE),
  WEB_APP_HAS_WEB_APP_FINDING: mapped(Entities.WEB_APP_FINDING._type, RelationshipClass.HAS, TargetTypes.WEB_APP, RelationshipDirection.REVERSE),
  HOST_FINDING_IS_VULN: mapped(Entities.HOST_FINDING._type, RelationshipClass.IS, TargetTypes.VULN),
  HOST_FINDING_IS_CVE: mapped(Entities.HOST_FINDING._type, RelationshipClass.IS, TargetTypes.CVE),
} satisfies Record<string, StepMappedRelationshipMetadata>;

function perHostTarget(
  build: (target: HostTargetType) => StepMappedRelationshipMetadata,
): Record<HostTargetType, StepMappedRelationshipMetadata> {
  return Object.fromEntries(HOST_TARGET_TYPES.map((target) => [target, build(target)])) as Record<
    HostTargetType,
    StepMappedRelationshipMetadata
  >;
}

/** The relationships to a host target, one metadata entry per kind of target. */
export const HostTargetRelationships = {
  /** `qualys_vulnerability_manager SCANS <host>` */
  SCANS: perHostTarget((target) => mapped(Entities.VULNERABILITY_MANAGER._type, RelationshipClass.SCANS, target)),
  /** `<host> HAS qualys_host_finding` */
  HAS_FINDING: perHostTarget((target) =>
    mapped(Entities.HOST_FINDING._type, RelationshipClass.HAS, target, RelationshipDirection.REVERSE),
  ),
};

/** Where a step leaves data for the steps after it (`jobState.setData`). */
export const DataKeys = {
  WEB_APP_IDS: 'qualys:web-app-ids',
  PORTAL_VERSION: 'qualys:portal-version',
} as const;
