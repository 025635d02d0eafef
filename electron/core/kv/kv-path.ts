/**
 * Secret paths of the KV version 2 engine (HashiCorp Vault's `secret/data/<path>`): what a path
 * may look like, and where its records live behind the barrier. Each path has one metadata record
 * and one record per kept version:
 *   kv/meta/<path>            key metadata (versions, times, settings)
 *   kv/data/<path>/<version>  one version's data
 * A version number is always the last segment, so `a` version 1 (`kv/data/a/1`) never collides
 * with the secret `a/1` (`kv/data/a/1/<n>`).
 */
import { invalid } from '../errors.js';

export const MAX_SECRET_PATH_LENGTH = 1024;
const META_PREFIX = 'kv/meta/';
const DATA_PREFIX = 'kv/data/';
// Control characters would make paths unprintable in the audit log and in listings.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a secret path (`a/b/c`: non-empty segments, no `.` or `..`, printable, bounded).
 * Throws an invalid CoreError naming the problem; `what` names the path in messages.
 */
export function checkSecretPath(path: unknown, what = 'path'): string {
  if (typeof path !== 'string' || path.length === 0) throw invalid('INVALID_PATH', `missing ${what}`);
  if (path.length > MAX_SECRET_PATH_LENGTH) throw invalid('INVALID_PATH', `${what} must be at most ${MAX_SECRET_PATH_LENGTH} characters`);
  if (CONTROL.test(path)) throw invalid('INVALID_PATH', `${what} must not contain control characters`);
  const segments = path.split('/');
  if (segments.some((s) => s.length === 0)) throw invalid('INVALID_PATH', `${what} must not contain empty segments`);
  if (segments.some((s) => s === '.' || s === '..')) throw invalid('INVALID_PATH', `${what} must not contain "." or ".." segments`);
  return path;
}

/** A folder prefix for listing: '' (the root) or a checked path; returned with a trailing '/'. */
export function checkFolder(prefix: unknown): string {
  if (prefix === undefined || prefix === null || prefix === '') return '';
  if (typeof prefix !== 'string') throw invalid('INVALID_PATH', 'missing path');
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' ? '' : checkSecretPath(trimmed) + '/';
}

export const metaRecord = (path: string): string => META_PREFIX + path;
export const dataRecord = (path: string, version: number): string => `${DATA_PREFIX}${path}/${version}`;
export const metaFolder = (folder: string): string => META_PREFIX + folder;
