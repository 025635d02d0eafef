/**
 * The ACL of a token: its policies' path rules merged, and Vault's matching (vault/acl.go,
 * AllowOperation and CheckAllowedFromNonExactPaths):
 *  1. Rules for the same pattern in several policies merge: capabilities OR'd, and a deny in
 *     any of them leaves only deny.
 *  2. An exact pattern for the path wins outright.
 *  3. Otherwise the longest matching prefix glob and every matching "+" pattern compete; the
 *     winner is, in order: the one whose first wildcard or glob comes latest; a non-glob over a
 *     glob; fewer "+" segments; the longer pattern; the lexically greater pattern.
 *  4. Only the winning rule counts: a deny there refuses everything; otherwise the operation's
 *     capability must be present (and sudo for root-protected paths).
 * List requests are matched as Vault sees them, with a trailing "/".
 */
import { DENY, SUDO, capabilityNames } from './capabilities.js';
import { CAPABILITY_BITS } from './capabilities.js';
import type { PathRule } from './policy-document.js';

export type AclOperation = 'read' | 'list' | 'create' | 'update' | 'delete';

interface Candidate {
  readonly firstWildcard: number;
  readonly isPrefix: boolean;
  readonly wildcards: number;
  readonly pattern: string;
  readonly bits: number;
}

/** A "+" pattern split once at construction, so matching a request costs no allocation per rule. */
interface SegmentPattern extends Candidate {
  readonly parts: readonly string[];
}

export class Acl {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private readonly segmentPatterns: SegmentPattern[] = [];

  /** `root` grants everything (the root policy is never written as rules). */
  constructor(rules: Iterable<PathRule>, readonly root = false) {
    const segments = new Map<string, number>();
    for (const rule of rules) {
      const table = rule.hasSegmentWildcards ? segments : rule.isPrefix ? this.prefixes : this.exact;
      // Segment patterns keep their trailing "*", so "a/+/b" and "a/+/b*" stay distinct.
      const existing = table.get(rule.pattern);
      table.set(rule.pattern, existing === undefined ? rule.bits : merge(existing, rule.bits));
    }
    for (const [full, bits] of segments) {
      const isPrefix = full.endsWith('*');
      const pattern = isPrefix ? full.slice(0, -1) : full;
      const parts = pattern.split('/');
      this.segmentPatterns.push({ firstWildcard: full.indexOf('+'), isPrefix, wildcards: parts.filter((p) => p === '+').length, pattern, bits, parts });
    }
  }

  /** The capability bits of the rule that governs `path` for this operation (0 when none does). */
  governing(path: string, operation: AclOperation): number {
    let target = stripLeadingSlashes(path);
    if (operation === 'list' && !target.endsWith('/')) target += '/';
    const exact = this.exact.get(target);
    if (exact !== undefined) return exact;
    if (operation === 'list') {
      const trimmed = target.slice(0, -1);
      const exactTrimmed = this.exact.get(trimmed);
      if (exactTrimmed !== undefined) return exactTrimmed;
      // Vault checks the path without its slash first: "secret/foo*" should govern "secret/foo/".
      const nonExact = this.nonExact(trimmed);
      if (nonExact !== null) return nonExact;
    }
    return this.nonExact(target) ?? 0;
  }

  /** Whether the operation is allowed on the path (with sudo when the path is root-protected). */
  allows(path: string, operation: AclOperation, sudo: boolean): boolean {
    if (this.root) return true;
    const bits = this.governing(path, operation);
    if (bits & DENY) return false;
    if (!(bits & CAPABILITY_BITS[operation])) return false;
    return !sudo || (bits & SUDO) !== 0;
  }

  /** Capabilities on a path as `sys/capabilities-self` reports them. */
  capabilities(path: string): string[] {
    if (this.root) return ['root'];
    // Vault asks with a list operation so the trailing-slash fallback applies.
    return capabilityNames(this.governing(path, 'list'));
  }

  private nonExact(path: string): number | null {
    let best: Candidate | null = null;
    // The longest prefix glob: try the path's own prefixes, longest first (a radix tree's answer).
    for (let end = path.length; end >= 0 && this.prefixes.size > 0; end--) {
      const bits = this.prefixes.get(path.slice(0, end));
      if (bits === undefined) continue;
      const pattern = path.slice(0, end);
      best = { firstWildcard: pattern.length, isPrefix: true, wildcards: 0, pattern, bits };
      break;
    }
    if (this.segmentPatterns.length === 0) return best?.bits ?? null;
    const parts = path.split('/');
    for (const candidate of this.segmentPatterns) {
      if (matchesSegments(candidate, parts) && (best === null || lowerPriorityFirst(best, candidate) < 0)) best = candidate;
    }
    return best?.bits ?? null;
  }
}

function merge(existing: number, added: number): number {
  if (existing & DENY || added & DENY) return DENY;
  return existing | added;
}

function stripLeadingSlashes(path: string): string {
  let start = 0;
  while (path[start] === '/') start += 1;
  return path.slice(start);
}

function matchesSegments(candidate: SegmentPattern, parts: readonly string[]): boolean {
  const { parts: patternParts, isPrefix } = candidate;
  if (parts.length < patternParts.length) return false;
  if (!isPrefix && parts.length !== patternParts.length) return false;
  const last = patternParts.length - 1;
  for (let i = 0; i <= last; i++) {
    const part = patternParts[i] as string;
    const given = parts[i] as string;
    if (part === '+' || part === given) continue;
    if (isPrefix && i === last && given.startsWith(part)) continue;
    return false;
  }
  return true;
}

/** Vault's priority order (acl.go `less`): negative when a has lower priority than b. */
function lowerPriorityFirst(a: Candidate, b: Candidate): number {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard - b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.wildcards !== b.wildcards) return b.wildcards - a.wildcards;
  if (a.pattern.length !== b.pattern.length) return a.pattern.length - b.pattern.length;
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
}
