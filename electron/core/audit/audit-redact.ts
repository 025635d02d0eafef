/**
 * Makes request and response bodies safe for the audit log: every string and number is replaced
 * by its HMAC (`hmac-sha256:<hex>`, see audit-hmac.ts); object keys, booleans and null are kept,
 * so the entry still shows *which* fields were sent. Vault hashes strings only; numbers are hashed
 * here too because a KV value or a PIN may well be a number. A number is hashed as its JSON text,
 * so `sys/audit-hash` of "1234" matches the number 1234.
 * While sealed there is no HMAC key: values are then omitted, never written in the clear.
 * A route may name response fields that are not secret (PlainKeys): their scalar values stay
 * readable, as Vault's `audit_non_hmac_response_keys` does per mount.
 */

/** HMAC of a value's text, or null when no key is available (sealed). */
export type Hasher = (input: string) => string | null;

export const OMITTED = '[omitted: keyring sealed]';

/**
 * Fields recorded in the clear, nested as the value is: `true` keeps that field's value when it
 * is a scalar (number, boolean, null, or a string of at most MAX_PLAIN_TEXT characters), because
 * it is not secret (a term number, a creation time, a version). An object or array under such a
 * field, or a longer string, is still HMAC'd: a declaration can never let a whole subtree out.
 * Declared by routes in code (api/route.ts `auditPlain`), never by a request.
 */
export interface PlainKeys {
  readonly [field: string]: true | PlainKeys;
}
const MAX_PLAIN_TEXT = 64;
/** Bounds an entry's size: a body with more leaves than this is recorded as one HMAC. */
export const MAX_AUDITED_LEAVES = 1024;
const MAX_DEPTH = 32;

/** Counts leaves up to `limit` (stops early); Infinity when nested deeper than MAX_DEPTH. */
function countLeaves(value: unknown, limit: number, depth = 0): number {
  if (depth > MAX_DEPTH) return Infinity;
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) {
      n += countLeaves(item, limit - n, depth + 1);
      if (n > limit) return n;
    }
    return n;
  }
  if (typeof value === 'object' && value !== null) {
    let n = 0;
    for (const item of Object.values(value)) {
      n += countLeaves(item, limit - n, depth + 1);
      if (n > limit) return n;
    }
    return n;
  }
  return 1;
}

function redactLeaf(value: unknown, hash: Hasher): unknown {
  if (typeof value === 'string') return hash(value) ?? OMITTED;
  if (typeof value === 'number' || typeof value === 'bigint') return hash(String(value)) ?? OMITTED;
  if (typeof value === 'boolean' || value === null) return value;
  // undefined, functions, symbols: not JSON; say so rather than guess.
  return OMITTED;
}

function plainScalar(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || value === null || (typeof value === 'string' && value.length <= MAX_PLAIN_TEXT);
}

/** The rule for one field: own properties only, so `constructor` or `__proto__` are never plain by accident. */
function ruleOf(plain: PlainKeys | undefined, key: string): true | PlainKeys | undefined {
  return plain !== undefined && Object.hasOwn(plain, key) ? plain[key] : undefined;
}

function walk(value: unknown, hash: Hasher, plain?: PlainKeys): unknown {
  // Arrays are walked without rules: a plain field is named by its path, never by position.
  if (Array.isArray(value)) return value.map((item) => walk(item, hash));
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties, so a body's `__proto__` field stays a field.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const rule = ruleOf(plain, key);
        return [key, rule === true && plainScalar(item) ? item : walk(item, hash, rule === true ? undefined : rule)];
      }),
    );
  }
  return redactLeaf(value, hash);
}

/**
 * The value with every string and number replaced by its HMAC (or omitted while sealed), except
 * the scalar fields `plain` names.
 */
export function redactValues(value: unknown, hash: Hasher, plain?: PlainKeys): unknown {
  if (typeof hash !== 'function') throw new TypeError('hash must be a function');
  if (countLeaves(value, MAX_AUDITED_LEAVES) > MAX_AUDITED_LEAVES) {
    const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).slice(0, 64) : [];
    return { $hmac: hash(JSON.stringify(value) ?? '') ?? OMITTED, $fields: fields, $note: `more than ${MAX_AUDITED_LEAVES} values: recorded as one HMAC of the JSON text` };
  }
  return walk(value, hash, plain);
}
