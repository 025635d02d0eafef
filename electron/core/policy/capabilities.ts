/**
 * Vault's ACL capabilities as bits, so the rules of several policies on one path merge by OR
 * (and deny replaces everything). The order of CAPABILITY_ORDER is the order Vault reports them
 * in `sys/capabilities-self` (vault/acl.go, Capabilities()).
 */
export const DENY = 1;
export const CREATE = 2;
export const READ = 4;
export const UPDATE = 8;
export const DELETE = 16;
export const LIST = 32;
export const SUDO = 64;

export type CapabilityName = 'deny' | 'create' | 'read' | 'update' | 'delete' | 'list' | 'sudo';

export const CAPABILITY_BITS: Readonly<Record<CapabilityName, number>> = {
  deny: DENY,
  create: CREATE,
  read: READ,
  update: UPDATE,
  delete: DELETE,
  list: LIST,
  sudo: SUDO,
};

const CAPABILITY_ORDER: readonly CapabilityName[] = ['sudo', 'read', 'list', 'update', 'delete', 'create'];

export function isCapabilityName(value: unknown): value is CapabilityName {
  return typeof value === 'string' && Object.hasOwn(CAPABILITY_BITS, value);
}

/** Names for a bit set, as Vault lists them; no capability at all reads as ["deny"]. */
export function capabilityNames(bits: number): string[] {
  if (bits & DENY) return ['deny'];
  const names = CAPABILITY_ORDER.filter((name) => bits & CAPABILITY_BITS[name]);
  return names.length > 0 ? names : ['deny'];
}

/**
 * Vault's policy-v1 shorthand (`"policy": "write"`) mapped to capabilities, as vault/policy.go
 * does when a path rule carries the old `policy` field.
 */
export const LEGACY_POLICY_BITS: Readonly<Record<string, number>> = {
  deny: DENY,
  read: READ | LIST,
  write: CREATE | READ | UPDATE | DELETE | LIST,
  sudo: CREATE | READ | UPDATE | DELETE | LIST | SUDO,
};
