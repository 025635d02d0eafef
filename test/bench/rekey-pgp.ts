/**
 * Benchmark (issue 7): a rekey to `shares` custodians (255, the maximum) with Curve25519 PGP
 * keys (legacy Cv25519, as GnuPG makes them; distinct keys from openpgp.js), through the real
 * API of a spawned `symbolon serve`: `PUT sys/rekey/init` with every public key (each parsed and
 * checked for a usable encryption subkey), then the authorizing `PUT sys/rekey/update`, which
 * splits the new key, encrypts each share to its custodian and commits. Key generation is timed
 * apart; it is the custodians' work, not the ceremony's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as openpgp from 'openpgp';
import { ok, round, spawnServe } from './bench-process.js';

export interface RekeyBenchOptions {
  readonly shares: number;
  readonly threshold: number;
}

export interface RekeyBench {
  readonly options: RekeyBenchOptions;
  readonly keygenMs: number;
  /** sys/rekey/init with every public key. */
  readonly initMs: number;
  /** The authorizing share: split, encrypt to each custodian, commit. */
  readonly updateMs: number;
  readonly totalMs: number;
}

export async function benchRekey(o: RekeyBenchOptions): Promise<RekeyBench> {
  if (!Number.isInteger(o.shares) || o.shares < 2 || o.shares > 255) throw new RangeError('shares must be 2..255');
  if (!Number.isInteger(o.threshold) || o.threshold < 2 || o.threshold > o.shares) throw new RangeError('threshold must be 2..shares');
  let start = performance.now();
  const pgpKeys: string[] = [];
  for (let i = 0; i < o.shares; i++) {
    pgpKeys.push((await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: `Custodian ${i + 1}` }], format: 'armored' })).publicKey);
  }
  const keygenMs = performance.now() - start;

  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-rekey-'));
  const serve = await spawnServe(join(dir, 'keyring.db'));
  try {
    const init = await ok(serve.url, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    const key = (init['keys'] as string[])[0];
    await ok(serve.url, 'PUT', 'sys/unseal', { body: { key } });
    start = performance.now();
    const started = await ok(serve.url, 'PUT', 'sys/rekey/init', { body: { secret_shares: o.shares, secret_threshold: o.threshold, pgp_keys: pgpKeys } });
    const initMs = performance.now() - start;
    start = performance.now();
    const done = await ok(serve.url, 'PUT', 'sys/rekey/update', { body: { key, nonce: started['nonce'] } });
    const updateMs = performance.now() - start;
    if (done['complete'] !== true || (done['keys'] as unknown[]).length !== o.shares) throw new Error('the rekey did not complete with every share');
    return { options: o, keygenMs: round(keygenMs), initMs: round(initMs), updateMs: round(updateMs), totalMs: round(initMs + updateMs) };
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
