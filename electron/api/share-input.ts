/**
 * The share and nonce of a share-taking request body, read at the edge (as Vault's
 * http/sys_rekey.go decodes `key` before vault/rekey.go sees bytes): the core is handed a decoded
 * share and a nonce string, and the words about the request body are said here, not in the core.
 */
import { decodeShare } from '../core/core.js';
import type { DecodedShare } from '../core/core.js';

/** Vault's words when `key` is missing. */
export const EMPTY_KEY_MESSAGE = "'key' must be specified in request body as JSON";
/** Vault's words at sys/unseal, where `reset` is the other thing a body may hold. */
export const EMPTY_UNSEAL_MESSAGE = "'key' must be specified in request body as JSON, or 'reset' set to true";

/** The body's `key` as share bytes, or a refusal saying what is wrong with it. */
export function shareFrom(body: Readonly<Record<string, unknown>>, emptyMessage = EMPTY_KEY_MESSAGE): DecodedShare {
  return decodeShare(body['key'], emptyMessage);
}

/**
 * The body's `nonce` as text: '' when absent. Any other JSON value becomes its JSON text, which
 * no nonce (a UUID) equals, so it is refused as the wrong nonce, as it always was.
 */
export function nonceFrom(body: Readonly<Record<string, unknown>>): string {
  const nonce = body['nonce'];
  if (nonce === undefined || nonce === null) return '';
  return typeof nonce === 'string' ? nonce : (JSON.stringify(nonce) ?? '');
}
