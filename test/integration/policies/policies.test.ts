/**
 * ACL policies through real HTTP against `symbolon serve` (HashiCorp Vault API docs,
 * "/sys/policy", "/sys/policies/acl", "/sys/capabilities-self"; docs "Policies"): CRUD at both
 * addresses with the JSON document in `policy` or `rules`, the built-in root and default
 * policies, HCL refused clearly, and enforcement — a token without the capability gets 403
 * `permission denied` naming what is missing; sudo paths need sudo; deny wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import type { CapabilitiesData, CapabilitiesRequest, PolicyAclData, PolicyListData, PolicyRulesData, PolicyWriteRequest } from '../../../shared/api/policy.js';

interface Envelope {
  data: Record<string, unknown> | null;
  auth: { client_token: string } | null;
  errors?: string[];
  error_code?: string;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

let server: ServeProcess;
let root: string;

const doc = (paths: Record<string, string[]>) => ({ path: Object.fromEntries(Object.entries(paths).map(([p, c]) => [p, { capabilities: c }])) });

async function tokenWith(...policies: string[]): Promise<string> {
  const r = await api<Envelope>(server, 'POST', 'auth/token/create', { token: root, body: { policies } });
  expect(r.status, r.text).toBe(200);
  return (r.body.auth as { client_token: string }).client_token;
}

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ server, root, stop } = await serveUnsealedKeyring());
});
afterAll(() => stop());

describe('policy CRUD', () => {
  it('stores a JSON policy given as a string in `policy` and reads it back unchanged at both addresses', async () => {
    const text = JSON.stringify(doc({ 'secret/*': ['read', 'list'] }));
    expect((await api(server, 'PUT', 'sys/policies/acl/reader', { token: root, body: { policy: text } satisfies PolicyWriteRequest })).status).toBe(204);
    const modern = await api<Envelope>(server, 'GET', 'sys/policies/acl/reader', { token: root });
    expect(modern.status).toBe(200);
    expect(modern.body.data).toEqual({ name: 'reader', policy: text } satisfies PolicyAclData);
    expect(modern.body['policy']).toBe(text);
    const legacy = await api<Envelope>(server, 'GET', 'sys/policy/reader', { token: root });
    expect(legacy.body.data).toEqual({ name: 'reader', rules: text } satisfies PolicyRulesData);
    expect(legacy.body['rules']).toBe(text);
  });

  it('accepts the older `rules` field and a document given as an object; names are lower-cased', async () => {
    expect((await api(server, 'PUT', 'sys/policy/Legacy', { token: root, body: { rules: doc({ 'secret/legacy': ['read'] }) } satisfies PolicyWriteRequest })).status).toBe(204);
    const read = await api<Envelope>(server, 'GET', 'sys/policy/legacy', { token: root });
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body.data?.['rules' satisfies keyof PolicyRulesData] as string)).toEqual(doc({ 'secret/legacy': ['read'] }));
  });

  it('lists policies as {policies, keys} at sys/policy and as keys at sys/policies/acl?list=true, root and default included', async () => {
    const legacy = await api<Envelope>(server, 'GET', 'sys/policy', { token: root });
    expect(legacy.status).toBe(200);
    expect(legacy.body['policies' satisfies keyof PolicyListData]).toEqual(expect.arrayContaining(['default', 'root', 'reader', 'legacy']));
    expect(legacy.body['keys']).toEqual(legacy.body['policies']);
    const modern = await api<Envelope>(server, 'GET', 'sys/policies/acl?list=true', { token: root });
    expect(modern.status).toBe(200);
    expect(modern.body.data?.['keys']).toEqual(legacy.body['policies']);
  });

  it('deletes a policy (204, also when already gone) and then answers 404 for it', async () => {
    await api(server, 'PUT', 'sys/policy/temp', { token: root, body: { policy: doc({ a: ['read'] }) } });
    expect((await api(server, 'DELETE', 'sys/policies/acl/temp', { token: root })).status).toBe(204);
    expect((await api(server, 'GET', 'sys/policies/acl/temp', { token: root })).status).toBe(404);
    expect((await api(server, 'DELETE', 'sys/policy/temp', { token: root })).status).toBe(204);
  });

  it('protects root from change and deletion, and default from deletion (but lets default be edited)', async () => {
    const changeRoot = await api<Envelope>(server, 'PUT', 'sys/policy/root', { token: root, body: { policy: doc({ a: ['read'] }) } });
    expect(changeRoot.status).toBe(400);
    expect(changeRoot.body.errors).toEqual(['cannot update "root" policy']);
    const deleteRoot = await api<Envelope>(server, 'DELETE', 'sys/policy/root', { token: root });
    expect(deleteRoot.status).toBe(400);
    expect(deleteRoot.body.errors).toEqual(['cannot delete "root" policy']);
    const deleteDefault = await api<Envelope>(server, 'DELETE', 'sys/policies/acl/default', { token: root });
    expect(deleteDefault.status).toBe(400);
    expect(deleteDefault.body.errors).toEqual(['cannot delete "default" policy']);
    const readDefault = await api<Envelope>(server, 'GET', 'sys/policy/default', { token: root });
    expect(readDefault.status).toBe(200);
    expect(readDefault.body.data?.['rules']).toContain('auth/token/lookup-self');
  });

  it('refuses HCL with a 400 that says JSON is required, and stores nothing', async () => {
    const r = await api<Envelope>(server, 'PUT', 'sys/policy/hcl', { token: root, body: { policy: 'path "secret/*" {\n  capabilities = ["read"]\n}' } });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]).toMatch(/JSON form.*HCL is not supported/);
    expect((await api(server, 'GET', 'sys/policy/hcl', { token: root })).status).toBe(404);
  });

  it('refuses malformed documents and names with 400, leaving the stored policy unchanged', async () => {
    const original = JSON.stringify(doc({ 'secret/keep': ['read'] }));
    await api(server, 'PUT', 'sys/policy/keep', { token: root, body: { policy: original } });
    const bad: unknown[] = [
      undefined,
      '',
      42,
      ['x'],
      { path: { 'secret/*': { capabilities: ['write'] } } },
      { path: { 'secret/*': { capabilities: ['read'], allowed_parameters: { a: [] } } } },
      { path: { 'secret/+*': { capabilities: ['read'] } } },
      { path: 'secret/*' },
      { rules: {} },
    ];
    for (const policy of bad) {
      const r = await api<Envelope>(server, 'PUT', 'sys/policy/keep', { token: root, body: policy === undefined ? {} : { policy } });
      expect(r.status, JSON.stringify(policy)).toBe(400);
    }
    expect((await api(server, 'PUT', 'sys/policy/bad%20name!', { token: root, body: { policy: original } })).status).toBe(400);
    const after = await api<Envelope>(server, 'GET', 'sys/policy/keep', { token: root });
    expect(after.body.data?.['rules']).toBe(original);
  });
});

describe('enforcement', () => {
  beforeAll(async () => {
    await api(server, 'PUT', 'sys/policy/kv-reader', { token: root, body: { policy: doc({ 'secret/data/*': ['read'], 'secret/metadata/*': ['list'] }) } });
    await api(server, 'PUT', 'sys/policy/no-team', { token: root, body: { policy: doc({ 'secret/data/team/*': ['deny'] }) } });
    await api(server, 'PUT', 'sys/policy/operator', { token: root, body: { policy: doc({ 'sys/rotate': ['update'], 'sys/seal': ['update'] }) } });
    await api(server, 'PUT', 'sys/policy/policy-admin', { token: root, body: { policy: doc({ 'sys/policy/*': ['read', 'create', 'update', 'delete'] }) } });
    await api(server, 'PUT', 'sys/policy/kv-writer', { token: root, body: { policy: doc({ 'secret/data/*': ['create', 'update', 'read'] }) } });
    const w = await api(server, 'POST', 'secret/data/app/db', { token: root, body: { data: { password: 'p' } } });
    expect(w.status, w.text).toBe(200);
    await api(server, 'POST', 'secret/data/team/x', { token: root, body: { data: { k: 'v' } } });
  });

  it('lets a token do what its policy grants and answers 403 naming the missing capability otherwise', async () => {
    const reader = await tokenWith('kv-reader');
    expect((await api(server, 'GET', 'secret/data/app/db', { token: reader })).status).toBe(200);
    const write = await api<Envelope>(server, 'POST', 'secret/data/app/db', { token: reader, body: { data: { password: 'x' } } });
    expect(write.status).toBe(403);
    expect(write.body.errors).toEqual(['permission denied']);
    expect(write.body.context).toMatchObject({ path: 'secret/data/app/db', capability: 'update' });
    const list = await api(server, 'GET', 'secret/metadata/app?list=true', { token: reader });
    expect(list.status, list.text).toBe(200);
    expect((await api(server, 'GET', 'secret/metadata/app', { token: reader })).status).toBe(403);
  });

  it('lets a more specific deny from a second policy govern the paths under it', async () => {
    const both = await tokenWith('kv-reader', 'no-team');
    expect((await api(server, 'GET', 'secret/data/app/db', { token: both })).status).toBe(200);
    const denied = await api<Envelope>(server, 'GET', 'secret/data/team/x', { token: both });
    expect(denied.status).toBe(403);
    expect(denied.body.context).toMatchObject({ capability: 'read' });
  });

  it('needs sudo on root-protected paths and says so in the context', async () => {
    const operator = await tokenWith('operator');
    const rotate = await api<Envelope>(server, 'POST', 'sys/rotate', { token: operator });
    expect(rotate.status).toBe(403);
    expect(rotate.body.context).toMatchObject({ path: 'sys/rotate', capability: 'update', sudo: true });
    const seal = await api<Envelope>(server, 'PUT', 'sys/seal', { token: operator });
    expect(seal.status).toBe(403);
    await api(server, 'PUT', 'sys/policy/operator', { token: root, body: { policy: doc({ 'sys/rotate': ['update', 'sudo'] }) } });
    expect((await api(server, 'POST', 'sys/rotate', { token: operator })).status).toBe(204);
  });

  it('takes a policy change into effect immediately for existing tokens, and a deleted policy grants nothing', async () => {
    const t = await tokenWith('kv-reader');
    expect((await api(server, 'GET', 'secret/data/app/db', { token: t })).status).toBe(200);
    await api(server, 'PUT', 'sys/policy/kv-reader', { token: root, body: { policy: doc({ 'secret/metadata/*': ['list'] }) } });
    expect((await api(server, 'GET', 'secret/data/app/db', { token: t })).status).toBe(403);
    await api(server, 'PUT', 'sys/policy/kv-reader', { token: root, body: { policy: doc({ 'secret/data/*': ['read'], 'secret/metadata/*': ['list'] }) } });
    expect((await api(server, 'GET', 'secret/data/app/db', { token: t })).status).toBe(200);
    await api(server, 'PUT', 'sys/policy/short-lived', { token: root, body: { policy: doc({ 'secret/data/*': ['read'] }) } });
    const s = await tokenWith('short-lived');
    await api(server, 'DELETE', 'sys/policy/short-lived', { token: root });
    expect((await api(server, 'GET', 'secret/data/app/db', { token: s })).status).toBe(403);
  });

  it('lets a non-root token manage exactly the policies its own policy covers', async () => {
    const admin = await tokenWith('policy-admin');
    expect((await api(server, 'PUT', 'sys/policy/by-admin', { token: admin, body: { policy: doc({ x: ['read'] }) } })).status).toBe(204);
    expect((await api(server, 'DELETE', 'sys/policy/by-admin', { token: admin })).status).toBe(204);
    expect((await api(server, 'GET', 'sys/policies/acl/by-admin', { token: admin })).status).toBe(403);
  });

  it('gives a fresh token only the default policy: self-service, nothing else', async () => {
    const t = await tokenWith('default');
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: t })).status).toBe(200);
    expect((await api(server, 'GET', 'sys/policy', { token: t })).status).toBe(403);
    expect((await api(server, 'GET', 'secret/data/app/db', { token: t })).status).toBe(403);
    expect((await api(server, 'POST', 'auth/token/create', { token: t, body: {} })).status).toBe(403);
  });
});

describe('sys/capabilities-self', () => {
  it('reports capabilities per path, plus `capabilities` for a single path, at the top level too', async () => {
    await api(server, 'PUT', 'sys/policy/caps', { token: root, body: { policy: doc({ 'secret/data/*': ['read', 'update'], 'secret/data/locked': ['deny'] }) } });
    const t = await tokenWith('caps');
    const one = await api<Envelope>(server, 'POST', 'sys/capabilities-self', { token: t, body: { path: 'secret/data/x' } satisfies CapabilitiesRequest });
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual({ 'secret/data/x': ['read', 'update'], capabilities: ['read', 'update'] } satisfies CapabilitiesData);
    expect(one.body['capabilities']).toEqual(['read', 'update']);
    const many = await api<Envelope>(server, 'POST', 'sys/capabilities-self', { token: t, body: { paths: ['secret/data/x', 'secret/data/locked', 'sys/seal'] } satisfies CapabilitiesRequest });
    expect(many.body.data).toEqual({ 'secret/data/x': ['read', 'update'], 'secret/data/locked': ['deny'], 'sys/seal': ['deny'] });
    const rootCaps = await api<Envelope>(server, 'POST', 'sys/capabilities-self', { token: root, body: { path: 'anything' } });
    expect(rootCaps.body['capabilities']).toEqual(['root']);
  });

  it('refuses a missing or malformed path with 400', async () => {
    expect((await api(server, 'POST', 'sys/capabilities-self', { token: root, body: {} })).status).toBe(400);
    expect((await api(server, 'POST', 'sys/capabilities-self', { token: root, body: { paths: [1] } })).status).toBe(400);
    expect((await api(server, 'POST', 'sys/capabilities-self', { token: root, body: { paths: [] } })).status).toBe(400);
  });
});
