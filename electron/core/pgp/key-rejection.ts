/**
 * Why one custodian key cannot be used, before we know which position it holds in the list.
 * Internal to the PGP module: public-key.ts turns it into a PgpKeyError naming the key number.
 */
export class KeyRejection extends Error {
  readonly fingerprint: string | null;

  constructor(reason: string, fingerprint: string | null = null) {
    super(reason);
    this.name = 'KeyRejection';
    this.fingerprint = fingerprint;
  }
}
