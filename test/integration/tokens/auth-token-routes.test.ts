/**
 * Vault's token store through real HTTP against `symbolon serve` on a real keyring file
 * (HashiCorp Vault API docs, "Token auth method"; vault/token_store.go): create with policies,
 * ttl, num_uses, orphans, display_name and meta; lookup-self/lookup/lookup-accessor; renew-self
 * bounded by the max TTL; revoke/revoke-self/revoke-accessor taking children with them; TTL and
 * use counts enforced on every request; bad input refused with nothing created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import type { TokenAuth } from '../../../shared/api/tokens.js';

interface Envelope {
  data: Record<string, unknown> | null;
  auth: TokenAuth | null;
  warnings: string[] | null;
  errors?: string[];
  error_code?: string;
  context?: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: ServeProcess;
let root: string;
let unsealKey: string;
const dir = tempDir();

async function create(token: string, body: Record<string, unknown> = {}, path = 'auth/token/create') {
  return api<Envelope>(server, 'POST', path, { token, body });
}
async function createOk(token: string, body: Record<string, unknown> = {}): Promise<TokenAuth> {
  const r = await create(token, body);
  expect(r.status, r.text).toBe(200);
  return r.body.auth as TokenAuth;
}
async function alive(token: string): Promise<boolean> {
  const r = await api(server, 'GET', 'auth/token/lookup-self', { token });
  if (r.status !== 200 && r.status !== 403) throw new Error(`unexpected ${r.status} ${r.text}`);
  return r.status === 200;
}
async function putPolicy(name: string, paths: Record<string, string[]>) {
  const body = { policy: JSON.stringify({ path: Object.fromEntries(Object.entries(paths).map(([p, c]) => [p, { capabilities: c }])) }) };
  const r = await api(server, 'PUT', `sys/policy/${name}`, { token: root, body });
  expect(r.status, r.text).toBe(204);
}

beforeAll(async () => {
  server = await startServe({ dataPath: `${dir.dir}/keyring.db` });
  const init = await initAndUnseal(server, 1, 1);
  root = init.root_token;
  unsealKey = init.keys[0] as string;
  await putPolicy('reader', { 'secret/*': ['read', 'list'] });
  await putPolicy('writer', { 'secret/*': ['create', 'update'] });
  await putPolicy('minter', { 'auth/token/create': ['update'] });
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

describe('auth/token/create', () => {
  it("answers Vault's auth block with the token, its accessor and policies plus default", async () => {
    const r = await create(root, { policies: ['reader'], ttl: '1h30m', display_name: 'ci job', meta: { team: 'ops' } });
    expect(r.status).toBe(200);
    const auth = r.body.auth as TokenAuth;
    expect(auth.client_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect(auth.accessor).toMatch(/^[0-9a-f]{24}$/);
    expect(auth.policies).toEqual(['default', 'reader']);
    expect(auth.token_policies).toEqual(['default', 'reader']);
    expect(auth.metadata).toEqual({ team: 'ops' });
    expect(auth.lease_duration).toBe(5400);
    expect(auth.renewable).toBe(true);
    expect(auth.entity_id).toBe('');
    expect(auth.token_type).toBe('service');
    expect(auth.orphan).toBe(false);
    expect(auth.num_uses).toBe(0);
    expect(r.body.data).toBeNull();

    const look = await api<Envelope>(server, 'GET', 'auth/token/lookup-self', { token: auth.client_token });
    expect(look.status).toBe(200);
    expect(look.body.data).toMatchObject({
      accessor: auth.accessor,
      display_name: 'token-ci-job',
      id: auth.client_token,
      meta: { team: 'ops' },
      num_uses: 0,
      orphan: false,
      path: 'auth/token/create',
      policies: ['default', 'reader'],
      renewable: true,
      creation_ttl: 5400,
      type: 'service',
    });
    expect(look.body.data?.['ttl']).toBeGreaterThan(5390);
  });

  it('accepts ttl as seconds and policies as a comma-separated string, lower-cased', async () => {
    const auth = await createOk(root, { policies: 'Reader, writer', ttl: 60 });
    expect(auth.policies).toEqual(['default', 'reader', 'writer']);
    expect(auth.lease_duration).toBe(60);
  });

  it('gives a non-root token the default TTL of 768h when none is asked for; a root child never expires', async () => {
    expect((await createOk(root, { policies: ['reader'] })).lease_duration).toBe(768 * 3600);
    const child = await createOk(root, {});
    expect(child.policies).toEqual(['root']);
    expect(child.lease_duration).toBe(0);
  });

  it('leaves out default with no_default_policy', async () => {
    expect((await createOk(root, { policies: ['reader'], no_default_policy: true })).policies).toEqual(['reader']);
  });

  it('lets a non-root token create only children with a subset of its policies', async () => {
    const parent = await createOk(root, { policies: ['minter', 'reader'] });
    const ok = await createOk(parent.client_token, { policies: ['reader'] });
    expect(ok.policies).toEqual(['default', 'reader']);
    const inherited = await createOk(parent.client_token, {});
    expect(inherited.policies).toEqual(['default', 'minter', 'reader']);
    const wider = await create(parent.client_token, { policies: ['writer'] });
    expect(wider.status).toBe(400);
    expect(wider.body.errors).toEqual(['child policies must be subset of parent']);
    const rootAsk = await create(parent.client_token, { policies: ['root'] });
    expect(rootAsk.status).toBe(400);
  });

  it('requires root or sudo for no_parent, but create-orphan needs neither', async () => {
    const parent = await createOk(root, { policies: ['minter'] });
    const refused = await create(parent.client_token, { no_parent: true });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(['root or sudo privileges required to create orphan token']);
    await putPolicy('orphan-maker', { 'auth/token/create-orphan': ['update'] });
    const maker = await createOk(root, { policies: ['orphan-maker'] });
    const orphan = await create(maker.client_token, {}, 'auth/token/create-orphan');
    expect(orphan.status, orphan.text).toBe(200);
    expect(orphan.body.auth?.orphan).toBe(true);
    expect((await createOk(root, { no_parent: true, policies: ['reader'] })).orphan).toBe(true);
  });

  it('refuses a limited-use token as a parent', async () => {
    const limited = await createOk(root, { policies: ['minter'], num_uses: 5 });
    const r = await create(limited.client_token, {});
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(['restricted use token cannot generate child tokens']);
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ policies: ['does-not-exist'] }, /policy "does-not-exist" does not exist/],
      [{ policies: 42 }, /'policies' must be a list/],
      [{ policies: [1, 2] }, /only policy names/],
      [{ ttl: 'forever' }, /invalid ttl/],
      [{ ttl: -5 }, /ttl cannot be negative/],
      [{ ttl: '100000h' }, /exceeds the maximum TTL of 768h0m0s/],
      [{ ttl: 1e300 }, /invalid ttl/],
      [{ ttl: true }, /invalid ttl/],
      [{ num_uses: -1 }, /number of uses cannot be negative/],
      [{ num_uses: 1.5 }, /whole number/],
      [{ no_parent: 'yes' }, /'no_parent' must be a boolean/],
      [{ meta: { a: 1 } }, /'meta' values must be strings/],
      [{ meta: ['x'] }, /'meta' must be an object/],
      [{ display_name: 7 }, /'display_name' must be a string/],
      [{ id: 'hvs.mychosenvalue' }, /custom token ids are not supported/],
      [{ type: 'batch' }, /not supported/],
    ];
    const accessorsBefore = await countTokens();
    for (const [body, message] of cases) {
      const r = await create(root, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors?.[0], JSON.stringify(body)).toMatch(message);
    }
    expect(await countTokens()).toBe(accessorsBefore);
  });

  it('warns about parameters it does not know, as Vault does', async () => {
    const r = await create(root, { policies: ['reader'], colour: 'blue' });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [colour]']);
  });

  it('caps ttl at explicit_max_ttl with a warning', async () => {
    const r = await create(root, { policies: ['reader'], ttl: '2h', explicit_max_ttl: '1h' });
    expect(r.status).toBe(200);
    expect(r.body.auth?.lease_duration).toBe(3600);
    expect(r.body.warnings?.[0]).toMatch(/capped/);
  });
});

/** Token records in the keyring file (read-only, beside the running server): no API lists tokens. */
async function countTokens(): Promise<number> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT count(*) AS n FROM records WHERE path LIKE 'sys/token/id/%'").get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

describe('lookup', () => {
  it('looks up another token by value (needs a policy on auth/token/lookup) and by accessor', async () => {
    const target = await createOk(root, { policies: ['reader'] });
    const r = await api<Envelope>(server, 'POST', 'auth/token/lookup', { token: root, body: { token: target.client_token } });
    expect(r.status).toBe(200);
    expect(r.body.data?.['accessor']).toBe(target.accessor);
    expect(r.body.data?.['id']).toBe(target.client_token);
    const byAccessor = await api<Envelope>(server, 'POST', 'auth/token/lookup-accessor', { token: root, body: { accessor: target.accessor } });
    expect(byAccessor.status).toBe(200);
    expect(byAccessor.body.data?.['id']).toBe('');
    expect(byAccessor.body.data?.['policies']).toEqual(['default', 'reader']);

    const denied = await api<Envelope>(server, 'POST', 'auth/token/lookup', { token: target.client_token, body: { token: root } });
    expect(denied.status).toBe(403);
    expect(denied.body.context).toMatchObject({ path: 'auth/token/lookup', capability: 'update' });
  });

  it('answers 403 bad token for an unknown token and 400 for a missing or non-string one', async () => {
    const unknown = await api<Envelope>(server, 'POST', 'auth/token/lookup', { token: root, body: { token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(unknown.status).toBe(403);
    expect(unknown.body.errors).toEqual(['bad token']);
    expect((await api(server, 'POST', 'auth/token/lookup', { token: root, body: {} })).status).toBe(400);
    expect((await api(server, 'POST', 'auth/token/lookup', { token: root, body: { token: 5 } })).status).toBe(400);
    expect((await api(server, 'POST', 'auth/token/lookup-accessor', { token: root, body: { accessor: 'nope' } })).status).toBe(400);
  });

  it('refuses requests with no token or an unknown one', async () => {
    expect((await api(server, 'GET', 'auth/token/lookup-self')).status).toBe(403);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: 'hvs.notarealtokenatall0000' })).status).toBe(403);
  });
});

describe('num_uses', () => {
  it('counts down on every authorized request and revokes the token after its last use', async () => {
    const t = await createOk(root, { policies: ['reader'], num_uses: 3 });
    const first = await api<Envelope>(server, 'GET', 'auth/token/lookup-self', { token: t.client_token });
    expect(first.body.data?.['num_uses']).toBe(2);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: t.client_token })).status).toBe(200);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: t.client_token })).status).toBe(200);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: t.client_token })).status).toBe(403);
  });

  it('does not spend a use on a request the token is not allowed to make', async () => {
    const t = await createOk(root, { policies: ['reader'], num_uses: 1 });
    expect((await api(server, 'POST', 'sys/rotate', { token: t.client_token })).status).toBe(403);
    expect(await alive(t.client_token)).toBe(true);
    expect(await alive(t.client_token)).toBe(false);
  });

  it('lets exactly one of many concurrent requests spend a single use', async () => {
    const t = await createOk(root, { policies: ['reader'], num_uses: 1 });
    const results = await Promise.all(Array.from({ length: 8 }, () => api(server, 'GET', 'auth/token/lookup-self', { token: t.client_token })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 403)).toHaveLength(7);
  });
});

describe('TTL', () => {
  it('refuses a token once its TTL has passed, and its children with it', async () => {
    const parent = await createOk(root, { policies: ['minter', 'reader'], ttl: '2s' });
    const child = await createOk(parent.client_token, { policies: ['reader'], ttl: '1h' });
    expect(await alive(child.client_token)).toBe(true);
    await sleep(2300);
    expect(await alive(parent.client_token)).toBe(false);
    expect(await alive(child.client_token)).toBe(false);
  });

  it('renews by the increment, never past the max TTL, and refuses root tokens and non-renewable ones', async () => {
    const t = await createOk(root, { policies: ['reader'], ttl: '10m', explicit_max_ttl: '1h' });
    const renewed = await api<Envelope>(server, 'POST', 'auth/token/renew-self', { token: t.client_token, body: { increment: '30m' } });
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.auth?.lease_duration).toBe(1800);
    expect(renewed.body.auth?.client_token).toBe(t.client_token);
    const capped = await api<Envelope>(server, 'POST', 'auth/token/renew-self', { token: t.client_token, body: { increment: '5h' } });
    expect(capped.status).toBe(200);
    expect(capped.body.auth?.lease_duration).toBeLessThanOrEqual(3600);
    expect(capped.body.auth?.lease_duration).toBeGreaterThan(3590);
    expect(capped.body.warnings?.[0]).toMatch(/capped/);
    const defaultIncrement = await api<Envelope>(server, 'POST', 'auth/token/renew-self', { token: t.client_token });
    expect(defaultIncrement.body.auth?.lease_duration).toBe(600);

    const rootRenew = await api<Envelope>(server, 'POST', 'auth/token/renew-self', { token: root });
    expect(rootRenew.status).toBe(400);
    expect(rootRenew.body.errors).toEqual(['lease is not renewable']);
    const fixed = await createOk(root, { policies: ['reader'], ttl: '10m', renewable: false });
    expect(fixed.renewable).toBe(false);
    expect((await api(server, 'POST', 'auth/token/renew-self', { token: fixed.client_token })).status).toBe(400);
    expect((await api(server, 'POST', 'auth/token/renew-self', { token: t.client_token, body: { increment: 'soon' } })).status).toBe(400);
  });

  it('renews another token by value with auth/token/renew', async () => {
    const t = await createOk(root, { policies: ['reader'], ttl: '10m' });
    const r = await api<Envelope>(server, 'POST', 'auth/token/renew', { token: root, body: { token: t.client_token, increment: 1200 } });
    expect(r.status).toBe(200);
    expect(r.body.auth?.lease_duration).toBe(1200);
  });
});

describe('revocation', () => {
  it('revoke-self removes the token and every descendant, but not orphans', async () => {
    const parent = await createOk(root, { policies: ['minter', 'reader'] });
    const child = await createOk(parent.client_token, { policies: ['minter', 'reader'] });
    const grandchild = await createOk(child.client_token, { policies: ['reader'] });
    const orphan = await createOk(root, { policies: ['reader'], no_parent: true });
    expect((await api(server, 'POST', 'auth/token/revoke-self', { token: parent.client_token })).status).toBe(204);
    expect(await alive(parent.client_token)).toBe(false);
    expect(await alive(child.client_token)).toBe(false);
    expect(await alive(grandchild.client_token)).toBe(false);
    expect(await alive(orphan.client_token)).toBe(true);
  });

  it('revoke (by value) and revoke-accessor take children along; revoking a gone token is a no-op', async () => {
    const a = await createOk(root, { policies: ['minter', 'reader'] });
    const aChild = await createOk(a.client_token, { policies: ['reader'] });
    expect((await api(server, 'POST', 'auth/token/revoke', { token: root, body: { token: a.client_token } })).status).toBe(204);
    expect(await alive(aChild.client_token)).toBe(false);
    expect((await api(server, 'POST', 'auth/token/revoke', { token: root, body: { token: a.client_token } })).status).toBe(204);

    const b = await createOk(root, { policies: ['minter', 'reader'] });
    const bChild = await createOk(b.client_token, { policies: ['reader'] });
    expect((await api(server, 'POST', 'auth/token/revoke-accessor', { token: root, body: { accessor: b.accessor } })).status).toBe(204);
    expect(await alive(b.client_token)).toBe(false);
    expect(await alive(bChild.client_token)).toBe(false);
    expect((await api(server, 'POST', 'auth/token/revoke-accessor', { token: root, body: { accessor: b.accessor } })).status).toBe(400);
  });

  it('removes every record of a revoked tree from the keyring file', async () => {
    const before = await countTokens();
    const a = await createOk(root, { policies: ['minter', 'reader'] });
    await createOk(a.client_token, { policies: ['reader'] });
    expect(await countTokens()).toBe(before + 2);
    await api(server, 'POST', 'auth/token/revoke-self', { token: a.client_token });
    expect(await countTokens()).toBe(before);
  });

  it('keeps tokens across a restart (they live in the barrier)', async () => {
    const t = await createOk(root, { policies: ['reader'] });
    await server.stop();
    server = await startServe({ dataPath: server.dataPath });
    const status = await api(server, 'GET', 'sys/seal-status');
    expect((status.body as { sealed: boolean }).sealed).toBe(true);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: t.client_token })).status).toBe(503);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: unsealKey } })).status).toBe(200);
    expect(await alive(t.client_token)).toBe(true);
  });
});
