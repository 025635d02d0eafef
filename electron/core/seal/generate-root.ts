/**
 * Generate root (API.md, "sys/generate-root"; Vault's vault/generate_root.go): a quorum of current
 * custodians creates a new root token, delivered either under a one-time pad or to a PGP key, so
 * the token never crosses the wire in the clear.
 *
 * OTP mode follows Vault 1.10+ (sdk/helper/roottoken): the OTP is 28 base62 characters, the length
 * of an `hvs.` token; the encoded token is the unpadded standard base64 (RFC 4648 §4) of the
 * token's bytes XOR the OTP's bytes. PGP mode returns the padded base64 of the binary OpenPGP
 * message, which `base64 -d | gpg -d` opens.
 *
 * State is in memory only; a seal, a rekey commit or a cancel ends the attempt. Shares are judged
 * at entry as at unseal; a quorum is proven by opening the stored root key (quorum.ts).
 */
import { randomUUID } from 'node:crypto';
import { invalid } from '../errors.js';
import { encryptForCustodian, readCustodianKey, withPgpErrors } from '../pgp/index.js';
import type { CustodianKey } from '../pgp/index.js';
import { inTransaction } from '../storage/database.js';
import { newTokenString, randomBase62, TOKEN_BODY_LENGTH, TOKEN_PREFIX } from '../tokens/token-store.js';
import type { CoreParts } from '../core-parts.js';
import { requireOpenKeyring, spendQuorum } from './quorum.js';
import type { Seal } from './seal.js';
import { againstCurrent, duplicateShare, offerShare, ShareCollection } from './share-collection.js';
import type { AcceptedShare } from './share-collection.js';
import type { DecodedShare } from './share-judge.js';

/** A root token is `hvs.` + 24 base62 characters; the pad must cover it byte for byte. */
export const OTP_LENGTH = TOKEN_PREFIX.length + TOKEN_BODY_LENGTH;

/** A root generation attempt as its readers see it. */
export interface GenerateRootState {
  readonly nonce: string;
  readonly started: boolean;
  readonly progress: number;
  readonly required: number;
  readonly complete: boolean;
  /** The new root token, under the OTP or the PGP key ('' until complete). */
  readonly encodedToken: string;
  readonly pgpFingerprint: string;
  /** Only in the answer that started an attempt with a generated OTP; never stored for reading back. */
  readonly otp: string;
  readonly otpLength: number;
}

export interface GenerateRootUpdate {
  readonly status: GenerateRootState;
  readonly accepted: AcceptedShare;
}

interface Attempt {
  readonly nonce: string;
  readonly otp: string | null;
  readonly pgpKey: CustodianKey | null;
  readonly progress: ShareCollection;
}

/** The unpadded base64 of token XOR OTP (Vault's roottoken.EncodeToken). */
export function encodeTokenWithOtp(token: string, otp: string): string {
  if (typeof token !== 'string' || typeof otp !== 'string') throw new TypeError('token and otp must be strings');
  const t = Buffer.from(token, 'utf8');
  const o = Buffer.from(otp, 'utf8');
  if (t.length === 0) throw new RangeError('no token provided');
  if (t.length !== o.length) throw new RangeError(`length of token and otp differ: ${t.length} != ${o.length}`);
  const out = Buffer.alloc(t.length);
  for (let i = 0; i < t.length; i++) out[i] = (t[i] ?? 0) ^ (o[i] ?? 0);
  return out.toString('base64').replace(/=+$/, '');
}

/** The inverse, for clients and tests: what `vault operator generate-root -decode` does. */
export function decodeTokenWithOtp(encoded: string, otp: string): string {
  if (typeof encoded !== 'string' || typeof otp !== 'string') throw new TypeError('encoded token and otp must be strings');
  const e = Buffer.from(encoded, 'base64');
  const o = Buffer.from(otp, 'utf8');
  if (e.length !== o.length) throw new RangeError(`length of encoded token and otp differ: ${e.length} != ${o.length}`);
  const out = Buffer.alloc(e.length);
  for (let i = 0; i < e.length; i++) out[i] = (e[i] ?? 0) ^ (o[i] ?? 0);
  return out.toString('utf8');
}

export class GenerateRoot {
  private attempt: Attempt | null = null;

  constructor(
    private readonly parts: CoreParts,
    private readonly seal: Seal,
  ) {
    seal.onSeal(() => this.abandon('sealed'));
  }

  status(): GenerateRootState {
    const config = requireOpenKeyring(this.seal);
    return this.statusOf(config.current.threshold);
  }

  /**
   * Starts an attempt delivering the token under `otp` or to the PGP key `pgpKey` ('' for not
   * given); with neither, a 28-character OTP is made and returned this once.
   */
  async start(delivery: { readonly otp: string; readonly pgpKey: string }): Promise<GenerateRootState> {
    return this.parts.lock.run(async () => {
      requireOpenKeyring(this.seal);
      let otp = delivery.otp;
      const pgpText = delivery.pgpKey;
      // Vault silently prefers the OTP when both are given; a ceremony should not guess.
      if (otp !== '' && pgpText !== '') throw invalid('OTP_AND_PGP', "give either 'otp' or 'pgp_key', not both");
      // Vault compares byte lengths (Go's len); a multi-byte character must not pass as one.
      if (otp !== '' && Buffer.byteLength(otp, 'utf8') !== OTP_LENGTH) throw invalid('OTP_LENGTH', 'OTP string is wrong length');
      const generated = otp === '' && pgpText === '';
      if (generated) otp = randomBase62(OTP_LENGTH);
      const pgpKey = pgpText === '' ? null : await withPgpErrors(() => readCustodianKey(pgpText, 1, this.parts.clock()), 'error parsing PGP key: ');
      const config = requireOpenKeyring(this.seal);
      if (this.attempt) throw invalid('ROOT_GENERATION_IN_PROGRESS', 'root generation already in progress');
      const progress = new ShareCollection({ against: againstCurrent(config), needed: config.current.threshold });
      const attempt: Attempt = { nonce: randomUUID(), otp: pgpKey ? null : otp, pgpKey, progress };
      this.attempt = attempt;
      this.record('started', attempt, { mode: pgpKey ? 'pgp' : 'otp', otp_generated: generated, pgp_fingerprint: pgpKey?.fingerprint ?? null });
      return { ...this.statusOf(config.current.threshold), otp: generated ? otp : '' };
    });
  }

  /** `DELETE attempt`: no nonce, as in Vault (an attempt holds no new secret until it completes). */
  async cancel(): Promise<void> {
    return this.parts.lock.run(() => {
      requireOpenKeyring(this.seal);
      const attempt = this.attempt;
      if (!attempt) return;
      this.end();
      this.record('cancelled', attempt);
    });
  }

  async update(decoded: DecodedShare, nonce: string): Promise<GenerateRootUpdate> {
    return this.parts.lock.run(async () => {
      return offerShare(decoded, async () => {
        const config = requireOpenKeyring(this.seal);
        const attempt = this.attempt;
        if (!attempt) throw invalid('NO_ROOT_GENERATION', 'no root generation in progress');
        if (nonce !== attempt.nonce) {
          throw invalid('NONCE_MISMATCH', `incorrect nonce supplied; nonce for this root generation operation is "${attempt.nonce}"`);
        }
        const { accepted, duplicate } = attempt.progress.accept(decoded);
        if (duplicate) throw duplicateShare(accepted, 'generation');
        const threshold = config.current.threshold;
        this.record('share-accepted', attempt, { share_index: accepted.index, custodian: accepted.custodian, progress: attempt.progress.size, threshold });
        if (!attempt.progress.complete) return { status: this.statusOf(threshold), accepted };

        const { proven } = await spendQuorum(this.parts, config, attempt.progress);
        this.requireLive(attempt);
        if (!proven) {
          this.record('authorization-failed', attempt);
          throw invalid('ROOT_GENERATION_FAILED', "root generation aborted: the shares did not reconstruct this keyring's unseal key; progress was cleared");
        }
        // Encode before the token exists, so a failure leaves no undelivered root token behind.
        const token = newTokenString();
        const encoded = attempt.pgpKey
          ? Buffer.from((await encryptForCustodian(attempt.pgpKey, token)).binary).toString('base64')
          : encodeTokenWithOtp(token, attempt.otp ?? '');
        this.requireLive(attempt);
        inTransaction(this.parts.db, () => {
          const { entry } = this.parts.tokens.createRoot(token);
          this.record('completed', attempt, { accessor: entry.accessor, mode: attempt.pgpKey ? 'pgp' : 'otp' });
        });
        this.end();
        return {
          status: {
            nonce: attempt.nonce,
            started: true,
            progress: threshold,
            required: threshold,
            complete: true,
            encodedToken: encoded,
            pgpFingerprint: attempt.pgpKey?.fingerprint ?? '',
            otp: '',
            otpLength: OTP_LENGTH,
          },
          accepted,
        };
      });
    });
  }

  /** A rekey commit makes shares already given belong to an ended generation. */
  abandon(reason: 'sealed' | 'rekeyed'): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.end();
    this.record('abandoned', attempt, { reason });
  }

  /** After an await: sealing does not take the lock, so the attempt may have ended meanwhile. */
  private requireLive(attempt: Attempt): void {
    requireOpenKeyring(this.seal);
    if (this.attempt !== attempt) throw invalid('NO_ROOT_GENERATION', 'no root generation in progress');
  }

  private statusOf(required: number): GenerateRootState {
    const attempt = this.attempt;
    return {
      nonce: attempt?.nonce ?? '',
      started: attempt !== null,
      progress: attempt?.progress.size ?? 0,
      required,
      complete: false,
      encodedToken: '',
      pgpFingerprint: attempt?.pgpKey?.fingerprint ?? '',
      otp: '',
      otpLength: OTP_LENGTH,
    };
  }

  private end(): void {
    const attempt = this.attempt;
    this.attempt = null;
    attempt?.progress.clear();
  }

  private record(step: string, attempt: Attempt, details: Record<string, unknown> = {}): void {
    this.parts.audit.append({ type: 'ceremony', ceremony: 'generate-root', step, nonce: attempt.nonce, ...details });
  }
}
