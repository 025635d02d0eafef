/**
 * The audit HMAC key (HMAC-SHA256, RFC 2104): secret values are written to the audit log as
 * `hmac-sha256:<hex>` under a key that belongs to this keyring, as Vault's audit devices do with
 * their salt. Whoever knows a value can check whether it appears in the log (`sys/audit-hash`);
 * whoever reads only the log learns nothing about high-entropy values.
 * The key is a barrier record, created the first time it is needed after an unseal. While the
 * keyring is sealed there is no key: callers must then leave values out of entries altogether.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Barrier } from '../barrier/barrier.js';
import { AUDIT_HMAC_KEY_RECORD } from '../barrier/key-material.js';
import { randomSecret } from '../crypto/secret-buffer.js';
import { inTransaction } from '../storage/database.js';
import type { Db } from '../storage/database.js';

/** A barrier record, opened as key material by every Barrier (barrier/key-material.ts). */
export { AUDIT_HMAC_KEY_RECORD };
export const AUDIT_HMAC_PREFIX = 'hmac-sha256:';
const KEY_BYTES = 32;
/** Distinct tokens and accessors whose HMAC is remembered (cleared, not evicted, when full). */
const TOKEN_MEMO_ENTRIES = 256;

export class AuditHmac {
  /**
   * The key, imported once into OpenSSL: every audited field is HMAC'd, and a KeyObject spares
   * each of them importing the raw key again (about 10% of an HMAC of a short value). The raw
   * bytes are wiped as soon as it is made; Node frees the KeyObject's copy with
   * OPENSSL_clear_free once unreferenced, and `forget` drops the reference.
   */
  private keyObject: KeyObject | null = null;
  /**
   * HMACs of client tokens and accessors: every request of a client repeats the same two, and an
   * HMAC costs about 1.7 µs (issue 17). Only these: a token is held in memory while its client
   * is served anyway, whereas caching other audited values (KV secrets) would keep plaintext that
   * is otherwise dropped after its request. Cleared with the key, so a seal forgets them all.
   */
  private readonly tokenMemo = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly barrier: Barrier,
  ) {}

  /** True when values can be HMAC'd now (the keyring is unsealed). */
  get available(): boolean {
    return !this.barrier.sealed;
  }

  /** `hmac-sha256:<hex>` of the UTF-8 input, or null while sealed. */
  hash(input: string): string | null {
    if (typeof input !== 'string') throw new TypeError('audit HMAC input must be a string');
    const key = this.currentKey();
    return key ? mac(key, input) : null;
  }

  /** `hash` of a client token or token accessor, remembered for the next request that sends it. */
  hashToken(input: string): string | null {
    if (typeof input !== 'string') throw new TypeError('audit HMAC input must be a string');
    const key = this.currentKey();
    if (!key) return null;
    let hmac = this.tokenMemo.get(input);
    if (hmac === undefined) {
      hmac = mac(key, input);
      if (this.tokenMemo.size >= TOKEN_MEMO_ENTRIES) this.tokenMemo.clear();
      this.tokenMemo.set(input, hmac);
    }
    return hmac;
  }

  /** Drops the cached key and remembered HMACs (a seal listener; also done lazily when found sealed). */
  forget(): void {
    this.keyObject = null;
    this.tokenMemo.clear();
  }

  private currentKey(): KeyObject | null {
    if (this.barrier.sealed) {
      this.forget();
      return null;
    }
    if (this.keyObject) return this.keyObject;
    let key = this.barrier.get(AUDIT_HMAC_KEY_RECORD);
    if (!key) {
      // First use on this keyring. Synchronous end to end, so two requests cannot both create one.
      const created = randomSecret(KEY_BYTES);
      inTransaction(this.db, () => this.barrier.put(AUDIT_HMAC_KEY_RECORD, created));
      key = created;
    }
    this.keyObject = createSecretKey(key);
    key.fill(0);
    return this.keyObject;
  }
}

function mac(key: KeyObject, input: string): string {
  return AUDIT_HMAC_PREFIX + createHmac('sha256', key).update(input, 'utf8').digest('hex');
}
