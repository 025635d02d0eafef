/**
 * A throwaway GnuPG home for interop tests: real `gpg` (2.2+) in a temporary GNUPGHOME under
 * os.tmpdir(), keys without passphrases, removed (agent stopped) by `dispose()`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NO_PASSPHRASE = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', ''];

export class GnuPG {
  readonly home = mkdtempSync(join(tmpdir(), 'symbolon-gpg-'));

  /** Runs gpg in this home; returns stdout as bytes. Throws with gpg's stderr on failure. */
  run(args: string[], input?: string | Uint8Array): Buffer {
    return execFileSync('gpg', ['--homedir', this.home, ...args], {
      input, env: { ...process.env, GNUPGHOME: this.home }, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024,
    });
  }

  /** `gpg --quick-gen-key` with no passphrase; returns the uppercase fingerprint. */
  generate(userId: string, algorithm: string, usage: string, expire = 'never'): string {
    this.run([...NO_PASSPHRASE, '--quick-gen-key', userId, algorithm, usage, expire]);
    return this.fingerprintOf(userId);
  }

  addSubkey(fingerprint: string, algorithm: string, usage: string, expire = 'never'): void {
    this.run([...NO_PASSPHRASE, '--quick-add-key', fingerprint, algorithm, usage, expire]);
  }

  fingerprintOf(userId: string): string {
    const listing = this.run(['--with-colons', '--list-keys', '--', userId]).toString('utf8');
    const line = listing.split('\n').find((row) => row.startsWith('fpr:'));
    if (line === undefined) throw new Error(`gpg listed no key for ${userId}`);
    return line.split(':')[9] as string;
  }

  exportArmored(fingerprint: string): string {
    return this.run(['--armor', '--export', fingerprint]).toString('utf8');
  }

  /** Vault's form: `gpg --export FPR | base64 -w0`. */
  exportBase64(fingerprint: string): string {
    return this.run(['--export', fingerprint]).toString('base64');
  }

  exportSecretArmored(fingerprint: string): string {
    return this.run([...NO_PASSPHRASE, '--armor', '--export-secret-keys', fingerprint]).toString('utf8');
  }

  exportSecretBase64(fingerprint: string): string {
    return this.run([...NO_PASSPHRASE, '--export-secret-keys', fingerprint]).toString('base64');
  }

  /** Imports the revocation certificate gpg wrote at key generation (openpgp-revocs.d). */
  revokeWithStoredCertificate(fingerprint: string): void {
    const stored = readFileSync(join(this.home, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8');
    // gpg prefixes the armor line with ':' so the file cannot be imported by accident.
    this.run(['--batch', '--import'], stored.replace(':-----BEGIN PGP PUBLIC KEY BLOCK-----', '-----BEGIN PGP PUBLIC KEY BLOCK-----'));
  }

  /** Revokes subkey number `subkeyNumber` (1-based) through gpg's key editor. */
  revokeSubkey(fingerprint: string, subkeyNumber: number): void {
    const answers = [`key ${subkeyNumber}`, 'revkey', 'y', '0', '', 'y', 'save', ''].join('\n');
    this.run([...NO_PASSPHRASE, '--command-fd', '0', '--edit-key', fingerprint], answers);
  }

  /** `gpg --decrypt` of a binary or armored message; returns the plaintext bytes. */
  decrypt(message: string | Uint8Array): Buffer {
    return this.run([...NO_PASSPHRASE, '--quiet', '--decrypt'], message);
  }

  /** Exactly what a custodian types: `echo <keys_base64> | base64 -d | gpg -dq`. */
  decryptVaultBase64(keysBase64: string): Buffer {
    return execFileSync('sh', ['-c', 'echo "$KEYS_BASE64" | base64 -d | gpg --batch -dq'], {
      env: { ...process.env, GNUPGHOME: this.home, KEYS_BASE64: keysBase64 }, stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  importKey(armored: string): void {
    this.run([...NO_PASSPHRASE, '--import'], armored);
  }

  dispose(): void {
    try {
      execFileSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: this.home }, stdio: 'ignore' });
    } finally {
      rmSync(this.home, { recursive: true, force: true });
    }
  }
}
