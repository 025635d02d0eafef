/**
 * Tolerant readers for JSON answers. The API is Vault-compatible but some Symbolon extensions
 * (verdict fields, rewrap progress) may use slightly different names; reading through these
 * helpers keeps a renamed or missing field from crashing a ceremony screen.
 */
export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** The `data` of a logical response when present, else the body itself (raw endpoints). */
export function dataOf(body: unknown): Json {
  const o = asObject(body);
  const data = asObject(o.data);
  return Object.keys(data).length > 0 ? { ...o, ...data } : o;
}

/** First field among `keys` that is a string. */
export function str(o: Json, ...keys: string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string') return o[k];
  return undefined;
}

/** First field among `keys` that is a finite number (numeric strings accepted). */
export function num(o: Json, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

export function bool(o: Json, ...keys: string[]): boolean | undefined {
  for (const k of keys) if (typeof o[k] === 'boolean') return o[k];
  return undefined;
}

export function strings(o: Json, key: string): string[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function objects(o: Json, key: string): Json[] {
  const v = o[key];
  return Array.isArray(v) ? v.map(asObject) : [];
}
