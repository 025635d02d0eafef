/**
 * Reading KV version 2 request fields with Vault's rules and messages
 * (vault-plugin-secrets-kv: check-and-set, version lists, custom_metadata limits). Vault decodes
 * "weakly" (a number may arrive as a string), so these do too; anything else is refused. The core
 * (core/kv/kv-store.ts) is handed the typed values.
 */
import type { KvConfigChange, KvSettings } from '../core/core.js';
import { invalid } from '../core/errors.js';

const MAX_CUSTOM_METADATA_KEYS = 64;
const MAX_CUSTOM_METADATA_KEY_LENGTH = 128;
const MAX_CUSTOM_METADATA_VALUE_LENGTH = 512;
/** Far more versions than anyone keeps; bounds the work one request can ask for. */
const MAX_VERSION_NUMBER = 2 ** 32 - 1;

function weakInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** `options.cas` of a data write: null when absent. */
export function parseCas(options: unknown): number | null {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid('INVALID_REQUEST', "'options' must be a JSON object");
  if (!('cas' in options)) return null;
  const cas = weakInteger((options as Record<string, unknown>)['cas']);
  if (cas === null || cas < 0 || cas > MAX_VERSION_NUMBER) throw invalid('INVALID_REQUEST', 'error parsing check-and-set parameter');
  return cas;
}

/** A `version` query parameter: 0 (or absent) means the current version. */
export function parseVersionParam(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = weakInteger(value);
  if (n === null || n > MAX_VERSION_NUMBER) throw invalid('INVALID_REQUEST', "'version' must be an integer");
  return Math.max(0, n);
}

/** `versions` of delete/undelete/destroy: an array of integers or a comma-separated string. */
export function parseVersionList(value: unknown, emptyMessage: string): number[] {
  let items: unknown[];
  if (value === undefined || value === null) items = [];
  else if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(',').filter((s) => s.trim() !== '');
  else items = [value];
  const versions = items.map((item) => {
    const n = weakInteger(item);
    if (n === null || n < 0 || n > MAX_VERSION_NUMBER) throw invalid('INVALID_REQUEST', "'versions' must be a list of version numbers");
    return n;
  });
  if (versions.length === 0) throw invalid('INVALID_REQUEST', emptyMessage);
  if (versions.length > 10_000) throw invalid('INVALID_REQUEST', "'versions' may name at most 10000 versions");
  return [...new Set(versions)];
}

function parseMaxVersions(value: unknown): number {
  const n = weakInteger(value);
  if (n === null || n < 0 || n > MAX_VERSION_NUMBER) throw invalid('INVALID_REQUEST', "'max_versions' must be a non-negative integer");
  return n;
}

function parseBool(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalid('INVALID_REQUEST', `'${field}' must be a boolean`);
}

/**
 * Symbolon keeps every version until it is deleted or destroyed: automatic deletion after a
 * duration is not offered, so only "no deletion" (0, "0s") is accepted.
 */
function checkDeleteVersionAfter(value: unknown): void {
  if (value === 0 || value === '0' || value === '0s' || value === '') return;
  throw invalid('UNSUPPORTED_FIELD', 'delete_version_after is not supported: versions are kept until deleted or destroyed');
}

const printable = (s: string): boolean => !/[\u0000-\u001f\u007f]/.test(s); // eslint-disable-line no-control-regex

/** `custom_metadata`: string values (numbers and booleans are converted, as Vault does), Vault's limits. */
function parseCustomMetadata(value: unknown): Record<string, string> {
  const prefix = 'custom_metadata validation failed';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('INVALID_REQUEST', `${prefix}: must be a JSON object`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CUSTOM_METADATA_KEYS) {
    throw invalid('INVALID_REQUEST', `${prefix}: payload must contain at most ${MAX_CUSTOM_METADATA_KEYS} keys, provided ${entries.length}`);
  }
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, raw] of entries) {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      problems.push(`value for key ${JSON.stringify(key)} must be a string`);
      continue;
    }
    const text = String(raw);
    if (key.length === 0 || key.length > MAX_CUSTOM_METADATA_KEY_LENGTH) {
      problems.push(`length of key ${JSON.stringify(key)} is ${key.length} but must be 0 < len(key) <= ${MAX_CUSTOM_METADATA_KEY_LENGTH}`);
    }
    if (text.length === 0 || text.length > MAX_CUSTOM_METADATA_VALUE_LENGTH) {
      problems.push(`length of value for key ${JSON.stringify(key)} is ${text.length} but must be 0 < len(value) <= ${MAX_CUSTOM_METADATA_VALUE_LENGTH}`);
    }
    if (!printable(key)) problems.push(`key ${JSON.stringify(key)} contains unprintable characters`);
    if (!printable(text)) problems.push(`value for key ${JSON.stringify(key)} contains unprintable characters`);
    out[key] = text;
  }
  if (problems.length > 0) throw invalid('INVALID_REQUEST', `${prefix}: ${problems.join('; ')}`);
  return out;
}

/** The `data` of a data write: a JSON object. */
export function readKvData(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const data = body['data'];
  if (data === undefined || data === null) throw invalid('INVALID_REQUEST', 'no data provided');
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid('INVALID_REQUEST', "'data' must be a JSON object");
  return data as Record<string, unknown>;
}

const given = (body: Readonly<Record<string, unknown>>, key: string): boolean => body[key] !== undefined && body[key] !== null;

/** The settings a `secret/metadata/<path>` write names, or null when it names none (nothing is written). */
export function readKvSettings(body: Readonly<Record<string, unknown>>): KvSettings | null {
  if (!['max_versions', 'cas_required', 'delete_version_after', 'custom_metadata'].some((key) => given(body, key))) return null;
  const maxVersions = given(body, 'max_versions') ? parseMaxVersions(body['max_versions']) : null;
  const casRequired = given(body, 'cas_required') ? parseBool(body['cas_required'], 'cas_required') : null;
  if (given(body, 'delete_version_after')) checkDeleteVersionAfter(body['delete_version_after']);
  const customMetadata = given(body, 'custom_metadata') ? parseCustomMetadata(body['custom_metadata']) : null;
  return { maxVersions, casRequired, customMetadata };
}

/** A `secret/config` write: only the fields given change. */
export function readKvConfig(body: Readonly<Record<string, unknown>>): KvConfigChange {
  const maxVersions = given(body, 'max_versions') ? parseMaxVersions(body['max_versions']) : null;
  const casRequired = given(body, 'cas_required') ? parseBool(body['cas_required'], 'cas_required') : null;
  if (given(body, 'delete_version_after')) checkDeleteVersionAfter(body['delete_version_after']);
  return { maxVersions, casRequired };
}
