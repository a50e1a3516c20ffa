import { PortalVersion } from '../qualys/operations/portalVersion';

/**
 * The portal version that validateInvocation read while checking the
 * credentials, handed on to the account step so that a run asks Qualys for it
 * once. The SDK gives the two nothing to share (validateInvocation has no job
 * state), hence this slot: keyed by API origin and user (never the password),
 * taken at most once, and trusted only for a few minutes. When the step finds
 * nothing to take (another process, a later run, a stale answer) it asks.
 */

const FRESH_FOR_MS = 10 * 60_000;

const handedOver = new Map<string, { portal: PortalVersion; at: number }>();

function slotKey(origin: string, username: string): string {
  return `${origin}\n${username}`;
}

export function handOverPortalVersion(origin: string, username: string, portal: PortalVersion, now = Date.now()): void {
  handedOver.set(slotKey(origin, username), { portal, at: now });
}

/** The version handed over for this origin and user, once; `undefined` when none or stale. */
export function takePortalVersion(origin: string, username: string, now = Date.now()): PortalVersion | undefined {
  const key = slotKey(origin, username);
  const slot = handedOver.get(key);
  handedOver.delete(key);
  if (!slot || now - slot.at > FRESH_FOR_MS || now < slot.at) return undefined;
  return slot.portal;
}
