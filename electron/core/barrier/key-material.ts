/**
 * The stored records whose value is key material, besides the keyring itself (which the barrier
 * opens with the root key). Every Barrier opens them with aes-gcm-secret.ts, which leaves no
 * unwiped copy of the plaintext behind, wherever it runs: the live core, a restore drill, a rewrap.
 * Listed here, next to the barrier, so that no second Barrier can forget one.
 */

/** The audit HMAC key (audit/audit-hmac.ts). */
export const AUDIT_HMAC_KEY_RECORD = 'sys/audit/hmac-key';

export const KEY_MATERIAL_RECORDS: ReadonlySet<string> = new Set([AUDIT_HMAC_KEY_RECORD]);
