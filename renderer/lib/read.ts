/**
 * Readers for JSON answers that never throw: a missing or mistyped field becomes a default, so a
 * screen shows "unknown" instead of crashing mid-ceremony. Answers whose shape the repo defines
 * in shared/api are read through `wire<T>`, which accepts exactly the field names of T.
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

/** T without an index signature: only the fields it names. */
type Named<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** The named keys of T whose values are of type V, so a number field cannot be read as a string. */
type KeysOf<T, V> = { [K in keyof Named<T>]-?: NonNullable<Named<T>[K]> extends V ? K : never }[keyof Named<T>] & string;

/**
 * Reads an answer of the shape T (a type from shared/api): each field by the one name the server
 * sends, checked against T at compile time; a missing or mistyped field reads as undefined.
 */
export function wire<T>(body: unknown) {
  const o = asObject(body);
  return {
    str: (key: KeysOf<T, string>): string | undefined => str(o, key),
    num: (key: KeysOf<T, number>): number | undefined => num(o, key),
    bool: (key: KeysOf<T, boolean>): boolean | undefined => bool(o, key),
    strings: (key: KeysOf<T, readonly string[]>): string[] => strings(o, key),
    objects: (key: KeysOf<T, readonly object[]>): Json[] => objects(o, key),
    value: (key: keyof T & string): unknown => o[key],
  };
}
