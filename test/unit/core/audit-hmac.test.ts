/**
 * The audit HMAC (electron/core/audit/audit-hmac.ts) remembers the HMACs of client tokens and
 * accessors, which every request repeats (issue 17). The remembered value must be exactly the
 * HMAC `hash` computes, must not outlive a seal (no key, no value), and must be computed under
 * the keyring's key again after the next unseal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeShare } from '../../../electron/core/core.js';
import type { Core } from '../../../electron/core/core.js';
import { unsealedCore as openUnsealed } from '../../helpers/unsealed-core.js';

const cores: Core[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));

async function unsealedCore(): Promise<{ core: Core; key: string }> {
  const { core, key } = await openUnsealed(':memory:');
  cores.push(core);
  return { core, key };
}

describe('audit HMAC of tokens', () => {
  it('gives what hash gives, the first time and when remembered, and differs per input', async () => {
    const { core } = await unsealedCore();
    const token = 'hvs.ABCDEFGHIJKLMNOPQRSTUVWX';
    const expected = core.auditHmac.hash(token);
    expect(expected).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(core.auditHmac.hashToken(token)).toBe(expected);
    expect(core.auditHmac.hashToken(token)).toBe(expected);
    expect(core.auditHmac.hashToken('hvs.ABCDEFGHIJKLMNOPQRSTUVWY')).not.toBe(expected);
    expect(core.auditHmac.hashToken('hvs.ABCDEFGHIJKLMNOPQRSTUVWY')).toBe(core.auditHmac.hash('hvs.ABCDEFGHIJKLMNOPQRSTUVWY'));
  });

  it('stays right past the memo bound (cleared, never stale)', async () => {
    const { core } = await unsealedCore();
    const inputs = Array.from({ length: 600 }, (_, i) => `accessor-${i}`);
    for (const input of inputs) expect(core.auditHmac.hashToken(input)).toBe(core.auditHmac.hash(input));
    for (const input of inputs.slice(0, 10)) expect(core.auditHmac.hashToken(input)).toBe(core.auditHmac.hash(input));
  });

  it('answers null while sealed, and the same HMAC again after the next unseal', async () => {
    const { core, key } = await unsealedCore();
    const token = 'hvs.ZYXWVUTSRQPONMLKJIHGFEDC';
    const before = core.auditHmac.hashToken(token);
    core.seal.seal();
    expect(core.auditHmac.hashToken(token)).toBeNull();
    expect(core.auditHmac.hash(token)).toBeNull();
    await core.seal.unseal(decodeShare(key));
    expect(core.auditHmac.hashToken(token)).toBe(before);
    expect(core.auditHmac.hash(token)).toBe(before);
  });
});
