/**
 * Making a share set: split a fresh unseal key, commit to each share, and produce what custodians
 * receive (hex, base64, human share text, or a PGP message when the custodian gave a key).
 * Used by init and by rekey, so both hand out shares the same way.
 */
import { randomSecret } from '../crypto/secret-buffer.js';
import { encodeShareText } from '../../../shared/share-text.js';
import { toBase64, toHex } from '../../../shared/share-forms.js';
import { encryptForCustodian } from '../pgp/index.js';
import type { CustodianKey } from '../pgp/index.js';
import { commitShare } from './commitment.js';
import type { GenerationRecord, ShareRecord } from './seal-config.js';
import type { ShareConfig } from './share-config.js';
import { splitKey, UNSEAL_KEY_BYTES } from './shamir.js';

export interface IssuedShare {
  readonly index: number;
  readonly custodian: string;
  readonly fingerprint: string | null;
  /** What Vault puts in `keys`: hex of the share, or hex of the PGP message. */
  readonly keyHex: string;
  readonly keyBase64: string;
  /** Human share text (only when not PGP-encrypted: the text would defeat the encryption). */
  readonly text: string | null;
  /** ASCII-armored PGP message for the custodian's `.asc` file. */
  readonly armored: string | null;
}

export interface ShareSet {
  readonly unsealKey: Buffer;
  readonly record: GenerationRecord;
  readonly issued: readonly IssuedShare[];
  /** Plain shares by index, kept in memory only (rekey verification compares against them). */
  readonly plain: ReadonlyMap<number, Uint8Array>;
}

export async function makeShareSet(
  keyringId: string,
  generation: number,
  config: ShareConfig,
  keys: readonly CustodianKey[] | null,
  now: Date,
): Promise<ShareSet> {
  const unsealKey = randomSecret(UNSEAL_KEY_BYTES);
  const shares = await splitKey(unsealKey, config.shares, config.threshold);
  const tag = Buffer.from(keyringId.replaceAll('-', '').slice(0, 6), 'hex');
  const records: ShareRecord[] = [];
  const issued: IssuedShare[] = [];
  const plain = new Map<number, Uint8Array>();
  for (const [i, share] of shares.entries()) {
    const index = i + 1;
    const custodian = config.custodians[i] ?? `Custodian ${index}`;
    const key = keys?.[i] ?? null;
    const { salt, commitment } = commitShare({ keyringId, generation, index, share });
    records.push({ index, custodian, fingerprint: key?.fingerprint ?? null, salt, commitment });
    plain.set(index, share);
    if (key) {
      // Vault encrypts the hex form of the share; custodians pipe it back through `gpg -d`.
      const message = await encryptForCustodian(key, toHex(share));
      issued.push({ index, custodian, fingerprint: key.fingerprint, keyHex: toHex(message.binary), keyBase64: toBase64(message.binary), text: null, armored: message.armored });
    } else {
      // A 1-of-1 "share" is the raw 32-byte unseal key; the codec marks and pads it.
      const text = encodeShareText({ keyringTag: tag, generation, index, share, rawKey: config.shares === 1 });
      issued.push({ index, custodian, fingerprint: null, keyHex: toHex(share), keyBase64: toBase64(share), text, armored: null });
    }
  }
  const record: GenerationRecord = { generation, threshold: config.threshold, shares: records, createdAt: now.toISOString() };
  return { unsealKey, record, issued, plain };
}
