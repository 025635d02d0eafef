/**
 * Debian's python3-hvac (0.11.2 on Debian 12) against a spawned `symbolon serve`, through hvac's
 * own methods only (hvac_ceremony.py): init, unseal, health, rotate and sys/rotate/config, key
 * status, rekey with verification, rekey to GnuPG keys with backup, generate-root with a server-made
 * OTP and with a PGP key, policies, tokens, KV version 2 (list_secrets with hvac's defaults, i.e.
 * the LIST method), wrapping, seal. hvac's exceptions must carry Vault's `errors` (it reads them
 * only from an answer typed exactly `application/json`). CI installs the package (.ci/run).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GnuPG } from '../pgp/gnupg.js';
import { startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

/** Debian's interpreter, where python3-hvac lives (a pyenv python3 on PATH would not see it). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'hvac_ceremony.py');

describe('hvac (python3-hvac) drives a whole keyring life', () => {
  const dir = tempDir('symbolon-hvac-');
  let gpg: GnuPG;
  let server: ServeProcess;
  let fingerprints: string[];

  beforeAll(async () => {
    gpg = new GnuPG();
    fingerprints = ['Ann', 'Ben', 'Cy'].map((name) => {
      const fingerprint = gpg.generate(`${name} <${name.toLowerCase()}@example.org>`, 'ed25519', 'sign');
      gpg.addSubkey(fingerprint, 'cv25519', 'encr');
      return fingerprint;
    });
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    gpg.dispose();
    dir.remove();
  });

  it('runs every step with hvac\'s methods, reading errors from its exceptions', () => {
    const version = spawnSync(PYTHON, ['-c', 'import hvac, importlib.metadata as m; print(m.version("hvac"))'], { encoding: 'utf8' });
    expect(version.status, `python3-hvac is missing (apt-get install python3-hvac): ${version.stderr}`).toBe(0);
    const input = JSON.stringify({ url: server.url, gnupghome: gpg.home, fingerprints, pgp_keys: fingerprints.map((f) => gpg.exportBase64(f)) });
    const run = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const findings = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(findings['ok']).toBe(true);
    // Differences a script notices, pinned so the README's list stays true.
    expect(findings['cancel_rekey_without_nonce']).toMatch(/nonce/);
    expect(findings['old_share_refusal']).toMatch(/generation 1/);
    // Nothing secret in what the script printed.
    expect(run.stdout + run.stderr).not.toMatch(/hvs\.[A-Za-z0-9]{24}/);
  }, 180_000);
});
