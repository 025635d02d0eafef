/**
 * Token lifetimes on a real keyring (in-memory SQLite, real barrier) with a controlled clock, so
 * TTL rules are checked to the second without sleeping: expiry of a token and of its
 * descendants, renewal bounded by the max TTL (vault/token_store.go), use counts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/core.js';
import { LAST_USE } from '../../../../electron/core/tokens/token-lifecycle.js';
import { readCreateRequest } from '../../../../electron/api/token-create-request.js';
import { tokenHash } from '../../../../electron/core/tokens/token-store.js';
import type { StoredToken } from '../../../../electron/core/tokens/token-store.js';
import { CoreError } from '../../../../electron/core/errors.js';
import { unsealedCore } from '../../../helpers/unsealed-core.js';

let now = Date.parse('2030-01-01T00:00:00Z');
let core: Core;
let root: StoredToken;

function child(parent: StoredToken, body: Record<string, unknown>): { token: string; stored: StoredToken } {
  const created = core.tokens.createChild({ parent, mayOrphan: true, forceOrphan: false, path: 'auth/token/create', policyExists: () => true }, readCreateRequest(body));
  return { token: created.token, stored: { hash: tokenHash(created.token), entry: created.entry } };
}

const advance = (seconds: number) => (now += seconds * 1000);

beforeEach(async () => {
  now = Date.parse('2030-01-01T00:00:00Z');
  const opened = await unsealedCore(':memory:', { clock: () => new Date(now) });
  core = opened.core;
  const entry = core.tokens.lookup(opened.rootToken);
  if (!entry) throw new Error('no root token');
  root = { hash: tokenHash(opened.rootToken), entry };
});
afterEach(() => core.close());

describe('token TTL', () => {
  it('keeps a token alive until the last second of its TTL, and not a second longer', () => {
    const t = child(root, { policies: ['p'], ttl: '1m' });
    advance(59);
    expect(core.tokens.lookup(t.token)).not.toBeNull();
    advance(1);
    expect(core.tokens.lookup(t.token)).toBeNull();
  });

  it('ends every descendant when an ancestor expires, whatever their own TTL', () => {
    const parent = child(root, { policies: ['p'], ttl: '10s' });
    const kid = child(parent.stored, { policies: ['p'], ttl: '1h' });
    const grandkid = child(kid.stored, { policies: ['p'], ttl: '1h' });
    const orphan = child(parent.stored, { policies: ['p'], ttl: '1h', no_parent: true });
    advance(10);
    expect(core.tokens.lookup(kid.token)).toBeNull();
    expect(core.tokens.lookup(grandkid.token)).toBeNull();
    expect(core.tokens.lookup(orphan.token)).not.toBeNull();
  });

  it('renews from now by the increment, bounded by creation + explicit_max_ttl', () => {
    const t = child(root, { policies: ['p'], ttl: '10m', explicit_max_ttl: '1h' });
    advance(50 * 60);
    const renewed = core.tokens.renew(t.stored, '30m');
    expect(renewed.entry.expireTime).toBe(Math.floor(now / 1000) + 600);
    expect(renewed.warnings[0]).toMatch(/capped/);
    advance(600);
    expect(core.tokens.lookup(t.token)).toBeNull();
  });

  it('bounds renewal by the system max TTL (768h) when no explicit max was set', () => {
    const t = child(root, { policies: ['p'], ttl: '700h' });
    advance(600 * 3600);
    const renewed = core.tokens.renew(t.stored, '700h');
    expect(renewed.entry.expireTime).toBe(t.stored.entry.creationTime + 768 * 3600);
  });

  it('refuses to renew a token without TTL', () => {
    expect(() => core.tokens.renew(root, '1h')).toThrow(CoreError);
  });
});

describe('use counts', () => {
  it('counts down and revokes the token (and its records) on the last use', () => {
    const t = child(root, { policies: ['p'], num_uses: 2 });
    expect(core.tokens.use(t.token)?.numUses).toBe(1);
    expect(core.tokens.use(t.token)?.numUses).toBe(LAST_USE);
    expect(core.tokens.use(t.token)).toBeNull();
    expect(core.barrier.list('sys/token/accessor/').some((p) => p.endsWith(t.stored.entry.accessor))).toBe(false);
  });

  it('leaves unlimited tokens untouched', () => {
    const t = child(root, { policies: ['p'] });
    expect(core.tokens.use(t.token)?.numUses).toBe(0);
    expect(core.tokens.use(t.token)?.numUses).toBe(0);
  });
});

describe('revocation', () => {
  it('removes the whole subtree and its index records in one go', () => {
    const a = child(root, { policies: ['p'] });
    const b = child(a.stored, { policies: ['p'] });
    child(b.stored, { policies: ['p'] });
    const sibling = child(root, { policies: ['p'] });
    // a, b, c: three tokens gone.
    expect(core.tokens.revoke(a.stored.entry.accessor)).toBe(3);
    expect(core.barrier.list(`sys/token/parent/${a.stored.entry.accessor}/`)).toEqual([]);
    expect(core.barrier.list(`sys/token/parent/${b.stored.entry.accessor}/`)).toEqual([]);
    expect(core.tokens.lookup(sibling.token)).not.toBeNull();
    expect(core.tokens.lookup(b.token)).toBeNull();
  });
});
