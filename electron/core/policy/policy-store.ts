/**
 * Named ACL policies, kept in the barrier at `sys/policy/acl/<name>` as the text the operator
 * gave (so a read returns it unchanged). Names are trimmed and lower-cased, as Vault does.
 * Parsed policies and merged ACLs are cached in memory: every authorized request needs them,
 * and each stored policy would otherwise cost a decryption per request. Only this class writes
 * policies, so its cache cannot go stale; it is dropped on seal anyway.
 */
import type { Barrier } from '../barrier/barrier.js';
import { invalid } from '../errors.js';
import { Acl } from './acl.js';
import { DEFAULT_POLICY, DEFAULT_POLICY_TEXT, ROOT_POLICY } from './builtin-policies.js';
import { parsePolicy, policyText } from './policy-document.js';
import type { PathRule } from './policy-document.js';

const POLICY_PREFIX = 'sys/policy/acl/';
const NAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,127}$/;
const MAX_CACHED_ACLS = 256;

export interface StoredPolicy {
  readonly name: string;
  readonly text: string;
}

/** Vault's normalisation of a policy name (trim, lower-case); refused when it cannot be a name. */
export function policyName(raw: unknown): string {
  if (typeof raw !== 'string') throw invalid('INVALID_POLICY_NAME', 'policy name must be a string');
  const name = raw.trim().toLowerCase();
  if (!NAME_PATTERN.test(name)) {
    throw invalid('INVALID_POLICY_NAME', 'policy name must be 1-128 characters: letters, digits, ".", "_", "@", "-", starting with a letter or digit', {
      name: raw.slice(0, 64),
    });
  }
  return name;
}

export class PolicyStore {
  private readonly rules = new Map<string, readonly PathRule[] | null>();
  private readonly acls = new Map<string, Acl>();

  constructor(private readonly barrier: Barrier) {}

  /** Every policy name, sorted, `root` included (as `vault policy list` shows). */
  names(): string[] {
    const stored = this.barrier.list(POLICY_PREFIX).map((p) => p.slice(POLICY_PREFIX.length));
    return [...new Set([...stored, DEFAULT_POLICY, ROOT_POLICY])].sort();
  }

  exists(name: string): boolean {
    return name === ROOT_POLICY || name === DEFAULT_POLICY || this.barrier.get(POLICY_PREFIX + name) !== null;
  }

  get(name: string): StoredPolicy | null {
    if (name === ROOT_POLICY) return { name, text: '' };
    const stored = this.barrier.getJson<StoredPolicy>(POLICY_PREFIX + name);
    if (stored) return stored;
    return name === DEFAULT_POLICY ? { name, text: DEFAULT_POLICY_TEXT } : null;
  }

  /** Validates and stores a policy document (string or object); refused, nothing stored, when invalid. */
  put(rawName: unknown, document: unknown): StoredPolicy {
    const name = policyName(rawName);
    if (name === ROOT_POLICY) throw invalid('ROOT_POLICY_IMMUTABLE', 'cannot update "root" policy');
    const text = policyText(document);
    if (text.trim() === '') throw invalid('MISSING_POLICY', "'policy' parameter not supplied or empty");
    const parsed = parsePolicy(text);
    const stored: StoredPolicy = { name, text };
    this.barrier.putJson(POLICY_PREFIX + name, stored);
    this.forget(name, parsed);
    return stored;
  }

  /** Deletes a policy; deleting one that does not exist is not an error (as in Vault). */
  delete(rawName: unknown): void {
    const name = policyName(rawName);
    if (name === ROOT_POLICY) throw invalid('ROOT_POLICY_IMMUTABLE', 'cannot delete "root" policy');
    if (name === DEFAULT_POLICY) throw invalid('DEFAULT_POLICY_UNDELETABLE', 'cannot delete "default" policy');
    this.barrier.delete(POLICY_PREFIX + name);
    this.forget(name, null);
  }

  /** The ACL for a token's policies. Unknown names contribute nothing (a deleted policy grants nothing). */
  acl(names: readonly string[]): Acl {
    const key = [...new Set(names)].sort().join('\n');
    const cached = this.acls.get(key);
    if (cached) return cached;
    const root = names.includes(ROOT_POLICY);
    const acl = new Acl(root ? [] : names.flatMap((n) => this.rulesOf(n) ?? []), root);
    if (this.acls.size >= MAX_CACHED_ACLS) this.acls.clear();
    this.acls.set(key, acl);
    return acl;
  }

  /** Forgets every cached rule and ACL (on seal). */
  clearCache(): void {
    this.rules.clear();
    this.acls.clear();
  }

  private rulesOf(name: string): readonly PathRule[] | null {
    if (this.rules.has(name)) return this.rules.get(name) ?? null;
    const stored = this.get(name);
    const parsed = stored && name !== ROOT_POLICY ? parsePolicy(stored.text) : null;
    this.rules.set(name, parsed);
    return parsed;
  }

  private forget(name: string, parsed: readonly PathRule[] | null): void {
    this.acls.clear();
    if (parsed) this.rules.set(name, parsed);
    else this.rules.delete(name);
  }
}
