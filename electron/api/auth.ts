/**
 * Who may call what. A token comes in `X-Vault-Token` or `Authorization: Bearer`. A route that
 * needs a token checks the capability its operation needs (plus sudo on root-protected paths)
 * against the token's policies; the root policy allows everything.
 */
import type { Core } from '../core/core.js';
import type { TokenEntry } from '../core/tokens/token-store.js';
import { permissionDenied } from './errors.js';
import type { Operation } from './route.js';

export function tokenFrom(headers: Readonly<Record<string, string | undefined>>): string | null {
  const vault = headers['x-vault-token'];
  if (vault) return vault.trim();
  const authorization = headers['authorization'];
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, '').trim();
  return null;
}

/** A policy engine plugs in here; without one only root tokens pass. */
export type CapabilityCheck = (core: Core, entry: TokenEntry, path: string, capability: Operation, sudo: boolean) => boolean;

let capabilityCheck: CapabilityCheck = (_core, entry) => entry.policies.includes('root');

export function setCapabilityCheck(check: CapabilityCheck): void {
  capabilityCheck = check;
}

export function authenticate(core: Core, token: string | null): TokenEntry {
  if (!token) throw permissionDenied({ reason: 'no token' });
  const entry = core.tokens.lookup(token);
  if (!entry) throw permissionDenied({ reason: 'invalid token' });
  return entry;
}

export function authorize(core: Core, entry: TokenEntry, path: string, capability: Operation, sudo: boolean): void {
  if (entry.policies.includes('root')) return;
  if (!capabilityCheck(core, entry, path, capability, sudo)) {
    throw permissionDenied({ path, capability, ...(sudo ? { sudo: true } : {}) });
  }
}
