/**
 * Entity and relationship keys. Stable (the same Qualys data gives the same
 * key on every run) and short: the SDK keeps every key of a run in memory, so
 * a million findings make the key length matter.
 */

export const accountKey = (instanceId: string): string => `qualys-account:${instanceId}`;
export const VULNERABILITY_MANAGER_KEY = 'qualys-service:vmdr';
export const WEB_APP_SCANNER_KEY = 'qualys-service:was';

/**
 * A host detection is one QID on one host, port, protocol and SSL setting:
 * Qualys's own identity for a detection. The type (Potential → Confirmed) is
 * not part of it, so a confirmation updates the finding instead of adding one.
 */
export function hostFindingKey(detection: {
  hostId: string;
  qid: number;
  port?: number;
  protocol?: string;
  ssl?: boolean;
}): string {
  return `qhf:${detection.hostId}:${detection.qid}:${detection.port ?? ''}:${detection.protocol ?? ''}:${detection.ssl ? 1 : 0}`;
}

/** WAS findings carry a stable UUID; the numeric id is the fallback. */
export function webAppFindingKey(finding: { id: string; uniqueId?: string }): string {
  return finding.uniqueId ? `qwf:${finding.uniqueId}` : `qwf:id:${finding.id}`;
}

export const vulnKey = (qid: number): string => `vuln-qid:${qid}`;
export const discoveredHostKey = (qwebHostId: string): string => `qualys-host:${qwebHostId}`;
export const webAppKey = (webAppId: string): string => `qualys-web-app:${webAppId}`;

/** Relationship keys hang off the source key with a one-letter role. */
export const relationshipKey = (sourceKey: string, role: string): string => `${sourceKey}|${role}`;
