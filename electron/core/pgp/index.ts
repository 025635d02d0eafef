/**
 * The PGP module of the core: custodian public keys in, encrypted shares out (OpenPGP, RFC 9580,
 * via openpgp.js 6). Used by init, rekey (shares) and generate-root (the new root token).
 * Guarantees are stated in public-key.ts and encrypt.ts.
 */
export { MAX_CUSTODIAN_KEYS, PgpKeyError, readCustodianKey, readCustodianKeys } from './public-key.js';
export type { CustodianKey } from './public-key.js';
export { MAX_KEY_TEXT_CHARS } from './key-text.js';
export { encryptForCustodian, MAX_PLAINTEXT_CHARS } from './encrypt.js';
export type { EncryptedForCustodian } from './encrypt.js';
export { withPgpErrors } from './pgp-errors.js';
