/**
 * Reads a policy in Vault's JSON form: {"path": {"<pattern>": {"capabilities": [...]}}} (HCL's
 * JSON encoding, so "path" may also be a list of such objects). Path patterns follow
 * vault/policy.go: a leading "/" is dropped, a trailing "*" makes a prefix glob, a "+" segment
 * matches any one segment, and "+*" is refused. HCL text is not accepted: Symbolon ships no HCL
 * parser, and guessing at one would be worse than saying so.
 */
import { invalid } from '../errors.js';
import { DENY, LEGACY_POLICY_BITS, CAPABILITY_BITS, isCapabilityName } from './capabilities.js';

export interface PathRule {
  /** The pattern without its trailing "*" when it is a plain prefix glob; kept whole otherwise. */
  readonly pattern: string;
  /** Ends in "*" (a prefix match on the rest of the path). */
  readonly isPrefix: boolean;
  /** Has at least one "+" segment. */
  readonly hasSegmentWildcards: boolean;
  readonly bits: number;
}

export const MAX_POLICY_PATHS = 1000;
const MAX_PATTERN_LENGTH = 4096;

/** Keys Vault accepts in a path rule that Symbolon does not enforce: refused, never ignored (ignoring one would grant more than written). */
const UNSUPPORTED_RULE_KEYS = new Set([
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
  'subscribe_event_types',
]);

const HCL_HINT = 'Symbolon accepts only the JSON form of a Vault policy, e.g. {"path":{"secret/*":{"capabilities":["read","list"]}}}; HCL is not supported';

/** The policy text as given (string) or serialised (object), for storage and read-back. */
export function policyText(document: unknown): string {
  if (typeof document === 'string') return document;
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) return JSON.stringify(document, null, 2);
  throw invalid('INVALID_POLICY', "'policy' must be a JSON policy document (a string or an object)");
}

/** Parses policy text into path rules; refused with an error naming the problem. */
export function parsePolicy(text: string): PathRule[] {
  if (typeof text !== 'string') throw new TypeError('policy text must be a string');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw invalid('POLICY_NOT_JSON', `failed to parse policy: ${HCL_HINT}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalid('INVALID_POLICY', `failed to parse policy: the document must be a JSON object. ${HCL_HINT}`);
  }
  const rules: PathRule[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key === 'name') continue;
    if (key !== 'path') throw invalid('INVALID_POLICY', `failed to parse policy: invalid key "${key.slice(0, 64)}"`);
    for (const block of Array.isArray(value) ? value : [value]) {
      if (typeof block !== 'object' || block === null || Array.isArray(block)) {
        throw invalid('INVALID_POLICY', 'failed to parse policy: "path" must map path patterns to rules');
      }
      for (const [pattern, rule] of Object.entries(block as Record<string, unknown>)) rules.push(parseRule(pattern, rule));
    }
  }
  if (rules.length > MAX_POLICY_PATHS) throw invalid('INVALID_POLICY', `failed to parse policy: more than ${MAX_POLICY_PATHS} paths`);
  return rules;
}

function parseRule(rawPattern: string, rule: unknown): PathRule {
  const shown = JSON.stringify(rawPattern.slice(0, 128));
  if (rawPattern.length > MAX_PATTERN_LENGTH) throw invalid('INVALID_POLICY', `path ${shown}: pattern is too long`);
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) throw invalid('INVALID_POLICY', `path ${shown}: rule must be an object`);
  let bits = 0;
  let sawCapabilities = false;
  for (const [key, value] of Object.entries(rule as Record<string, unknown>)) {
    if (key === 'comment') continue;
    if (UNSUPPORTED_RULE_KEYS.has(key)) throw invalid('UNSUPPORTED_POLICY_FEATURE', `path ${shown}: "${key}" is not supported by Symbolon`);
    if (key === 'capabilities') {
      sawCapabilities = true;
      if (!Array.isArray(value)) throw invalid('INVALID_POLICY', `path ${shown}: "capabilities" must be a list of strings`);
      for (const capability of value) {
        if (!isCapabilityName(capability)) throw invalid('INVALID_POLICY', `path ${shown}: invalid capability ${JSON.stringify(String(capability).slice(0, 32))}`);
        bits |= CAPABILITY_BITS[capability];
      }
    } else if (key === 'policy') {
      const legacy = typeof value === 'string' ? LEGACY_POLICY_BITS[value] : undefined;
      if (legacy === undefined) throw invalid('INVALID_POLICY', `path ${shown}: invalid policy ${JSON.stringify(String(value).slice(0, 32))}`);
      sawCapabilities = true;
      bits |= legacy;
    } else {
      throw invalid('INVALID_POLICY', `path ${shown}: invalid key "${key.slice(0, 64)}"`);
    }
  }
  if (!sawCapabilities) throw invalid('INVALID_POLICY', `path ${shown}: no capabilities given`);
  // A deny anywhere in a rule is the whole rule (vault/policy.go keeps only deny).
  if (bits & DENY) bits = DENY;

  let pattern = rawPattern.startsWith('/') ? rawPattern.slice(1) : rawPattern;
  if (pattern.includes('+*')) throw invalid('INVALID_POLICY', `path ${shown}: invalid use of wildcards ('+*' is forbidden)`);
  const hasSegmentWildcards = pattern === '+' || pattern.includes('/+') || pattern.startsWith('+/');
  const isPrefix = pattern.endsWith('*');
  // Segment-wildcard patterns keep their "*"; the matcher strips it (vault/acl.go does the same).
  if (isPrefix && !hasSegmentWildcards) pattern = pattern.slice(0, -1);
  return { pattern, isPrefix, hasSegmentWildcards, bits };
}
