/**
 * Who may call what. A token comes in `X-Vault-Token` or `Authorization: Bearer`. A route that
 * needs a token checks the capability its operation needs (plus sudo on root-protected paths)
 * against the token's policies (the ACL engine in core/policy); the root policy allows
 * everything. An authorized request then spends one of the token's uses, if it has a limit.
 */
import type { Core, TokenEntry } from '../core/core.js';
import { permissionDenied } from './errors.js';
import type { Operation } from './route.js';

export function tokenFrom(headers: Readonly<Record<string, string | undefined>>): string | null {
  const vault = headers['x-vault-token'];
  if (vault) return vault.trim();
  const authorization = headers['authorization'];
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, '').trim();
  return null;
}

/** Vault's ACL over the token's policies. */
function capabilityCheck(core: Core, entry: TokenEntry, path: string, capability: Operation, sudo: boolean): boolean {
  return core.policies.acl(entry.policies).allows(path, capability, sudo);
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

/** Whether the token may do this, without refusing (for rules such as "orphans need sudo"). */
export function permits(core: Core, entry: TokenEntry, path: string, capability: Operation, sudo: boolean): boolean {
  return entry.policies.includes('root') || capabilityCheck(core, entry, path, capability, sudo);
}

/**
 * Spends one use of an authorized token (tokens with `num_uses`); the returned entry is what the
 * handler should see. Call after authorize(), with no await in between, so the check and the
 * spend cannot interleave with another request.
 */
export function spendUse(core: Core, token: string, authenticated?: TokenEntry): TokenEntry {
  // An unlimited token has nothing to spend; skip re-reading what authenticate() just read.
  if (authenticated && authenticated.numUses === 0) return authenticated;
  const entry = core.tokens.use(token);
  if (!entry) throw permissionDenied({ reason: 'invalid token' });
  return entry;
}
