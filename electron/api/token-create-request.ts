/**
 * Reads the body of `auth/token/create` the way Vault's token store does (vault/token_store.go,
 * handleCreateCommon): policies as a list or a comma-separated string, trimmed, lower-cased and
 * de-duplicated (policyutil.SanitizePolicies); ttl and explicit_max_ttl as seconds or duration
 * strings; num_uses ≥ 0; meta as string → string. Wrong types are refused naming the field; fields
 * Vault has but Symbolon does not (custom ids, periodic or batch tokens, roles) are refused rather
 * than silently dropped. Unknown fields are ignored with Vault's warning.
 */
import { ttlSeconds } from '../core/core.js';
import type { CreateRequest } from '../core/core.js';
import { invalid } from '../core/errors.js';

const KNOWN = new Set([
  'policies', 'ttl', 'explicit_max_ttl', 'num_uses', 'no_parent', 'no_default_policy', 'renewable',
  'display_name', 'meta', 'type', 'lease', 'format', 'entity_alias',
]);
const REFUSED: Readonly<Record<string, string>> = {
  id: 'custom token ids are not supported: Symbolon generates every token',
  period: 'periodic tokens are not supported',
  role_name: 'token roles are not supported',
  entity_alias: 'entity aliases are not supported',
};
const MAX_POLICIES = 64;
const MAX_META_ENTRIES = 64;
const MAX_TEXT = 256;

export function readCreateRequest(body: Readonly<Record<string, unknown>>): CreateRequest {
  for (const [field, message] of Object.entries(REFUSED)) {
    if (body[field] !== undefined && body[field] !== '' && body[field] !== 0) throw invalid('UNSUPPORTED_FIELD', message, { field });
  }
  const type = body['type'];
  if (type !== undefined && type !== '' && type !== 'service' && type !== 'default') {
    throw invalid('UNSUPPORTED_FIELD', `token type ${JSON.stringify(String(type).slice(0, 16))} is not supported; only service tokens exist here`, { field: 'type' });
  }
  const ignored = Object.keys(body).filter((k) => !KNOWN.has(k) && !(k in REFUSED)).sort();
  const lease = body['lease'];
  return {
    policies: readPolicies(body['policies']),
    // `lease` is the pre-0.5 spelling of ttl that Vault still reads.
    ttl: ttlSeconds(body['ttl'] ?? lease ?? 0, body['ttl'] === undefined && lease !== undefined ? 'lease' : 'ttl'),
    explicitMaxTtl: ttlSeconds(body['explicit_max_ttl'] ?? 0, 'explicit_max_ttl'),
    numUses: readNumUses(body['num_uses']),
    noParent: readBool(body['no_parent'], 'no_parent', false),
    noDefaultPolicy: readBool(body['no_default_policy'], 'no_default_policy', false),
    renewable: readBool(body['renewable'], 'renewable', true),
    displayName: readDisplayName(body['display_name']),
    meta: readMeta(body['meta']),
    warnings: ignored.length > 0 ? [`Endpoint ignored these unrecognized parameters: [${ignored.map((k) => k.slice(0, 64)).join(' ')}]`] : [],
  };
}

/** Vault's SanitizePolicies without the default: trimmed, lower-cased, unique, sorted; `root` alone if present. */
export function sanitizePolicies(names: readonly string[]): string[] {
  const clean = names.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (clean.includes('root')) return ['root'];
  return [...new Set(clean)].sort();
}

function readPolicies(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  let list: unknown[];
  if (typeof value === 'string') list = value.split(',');
  else if (Array.isArray(value)) list = value;
  else throw invalid('INVALID_REQUEST', "'policies' must be a list of policy names or a comma-separated string", { field: 'policies' });
  if (list.length > MAX_POLICIES) throw invalid('INVALID_REQUEST', `at most ${MAX_POLICIES} policies may be given`, { field: 'policies' });
  if (!list.every((n): n is string => typeof n === 'string' && n.length <= MAX_TEXT)) {
    throw invalid('INVALID_REQUEST', "'policies' must contain only policy names (strings)", { field: 'policies' });
  }
  const names = sanitizePolicies(list);
  return names.length > 0 ? names : null;
}

function readNumUses(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid('INVALID_REQUEST', "'num_uses' must be a whole number", { field: 'num_uses' });
  if (n < 0) throw invalid('INVALID_REQUEST', 'number of uses cannot be negative', { field: 'num_uses' });
  if (n > 1_000_000_000) throw invalid('INVALID_REQUEST', "'num_uses' is too large (at most 1000000000)", { field: 'num_uses' });
  return n;
}

function readBool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalid('INVALID_REQUEST', `'${field}' must be a boolean`, { field });
}

/** Vault names created tokens "token-<display_name>" with anything but letters, digits and "-" replaced. */
function readDisplayName(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'token';
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw invalid('INVALID_REQUEST', `'display_name' must be a string of at most ${MAX_TEXT} characters`, { field: 'display_name' });
  return `token-${value}`.replace(/[^a-zA-Z0-9-]/g, '-').replace(/-+$/, '');
}

function readMeta(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('INVALID_REQUEST', "'meta' must be an object of string values", { field: 'meta' });
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_META_ENTRIES) throw invalid('INVALID_REQUEST', `'meta' may hold at most ${MAX_META_ENTRIES} entries`, { field: 'meta' });
  for (const [key, v] of entries) {
    if (typeof v !== 'string' || key.length > MAX_TEXT || v.length > 4096) {
      throw invalid('INVALID_REQUEST', `'meta' values must be strings (key ${JSON.stringify(key.slice(0, 64))})`, { field: 'meta' });
    }
  }
  // fromEntries defines own properties, so a "__proto__" key stays a key.
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string>) : null;
}
