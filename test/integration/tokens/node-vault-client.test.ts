/**
 * Compatibility with a real Vault client from npm (node-vault, which speaks Vault's HTTP API
 * through axios): policies, token create/lookup/renew/revoke, and response wrapping, driven
 * exactly as a script on the ceremony laptop would drive HashiCorp Vault. node-vault's `list()`
 * sends the LIST verb, which Node's HTTP parser refuses; this test avoids it (the policy list
 * goes through `policies()`, a GET).
 */
import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../helpers/node-vault.js';
import { serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

let server: ServeProcess;
let root: string;

const client = (token?: string) => NodeVault({ endpoint: server.url, ...(token ? { token } : {}) });

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ server, root, stop } = await serveUnsealedKeyring());
});
afterAll(() => stop());

describe('node-vault against symbolon serve', () => {
  it('writes, reads and lists a JSON policy', async () => {
    const vault = client(root);
    const rules = JSON.stringify({ path: { 'secret/data/*': { capabilities: ['read'] }, 'auth/token/create': { capabilities: ['update'] } } });
    await vault.addPolicy({ name: 'app', rules });
    const read = await vault.getPolicy({ name: 'app' });
    expect(read.rules).toBe(rules);
    const list = await vault.policies();
    expect(list.policies).toEqual(['app', 'default', 'root']);
    const hcl = await failure(vault.addPolicy({ name: 'hcl', rules: 'path "x" { capabilities = ["read"] }' }));
    expect(hcl.response.statusCode).toBe(400);
    expect(hcl.message).toMatch(/HCL is not supported/);
  });

  it('creates a token, switches to it (node-vault adopts created tokens), and looks it up', async () => {
    const vault = client(root);
    const created = await vault.tokenCreate({ policies: ['app'], ttl: '1h', display_name: 'script', meta: { purpose: 'test' } });
    expect(created.auth.policies).toEqual(['app', 'default']);
    expect(created.auth.lease_duration).toBe(3600);
    expect(vault.token).toBe(created.auth.client_token);
    const self = await vault.tokenLookupSelf();
    expect(self.data.display_name).toBe('token-script');
    expect(self.data.meta).toEqual({ purpose: 'test' });

    const admin = client(root);
    const looked = await admin.tokenLookup({ token: created.auth.client_token });
    expect(looked.data.accessor).toBe(created.auth.accessor);
    const byAccessor = await admin.tokenLookupAccessor({ accessor: created.auth.accessor });
    expect(byAccessor.data.policies).toEqual(['app', 'default']);

    const renewed = await vault.tokenRenewSelf({ increment: '2h' });
    expect(renewed.auth.lease_duration).toBe(7200);

    const child = await client(created.auth.client_token).tokenCreate({ policies: ['app'] });
    expect(child.auth.orphan).toBe(false);
    await admin.tokenRevoke({ token: created.auth.client_token });
    const gone = await failure(client(child.auth.client_token).tokenLookupSelf());
    expect(gone.response.statusCode).toBe(403);
    expect(gone.message).toBe('permission denied');
  });

  it('reports a policy violation the way Vault does', async () => {
    const vault = client(root);
    const limited = await vault.tokenCreate({ policies: ['app'] });
    const denied = await failure(client(limited.auth.client_token).addPolicy({ name: 'x', rules: '{}' }));
    expect(denied.response.statusCode).toBe(403);
    expect(denied.message).toBe('permission denied');
    const wider = await failure(client(limited.auth.client_token).tokenCreate({ policies: ['root'] }));
    expect(wider.response.statusCode).toBe(400);
  });

  it('wraps data and a token creation, and unwraps each exactly once', async () => {
    const vault = client(root);
    const wrapped = await vault.write('sys/wrapping/wrap', { handover: 'for Dana' }, { headers: { 'X-Vault-Wrap-TTL': '5m' } });
    expect(wrapped.data).toBeNull();
    expect(wrapped.wrap_info.ttl).toBe(300);
    const colleague = client();
    const unwrapped = await colleague.unwrap({ token: wrapped.wrap_info.token });
    expect(unwrapped.data).toEqual({ handover: 'for Dana' });
    const twice = await failure(colleague.unwrap({ token: wrapped.wrap_info.token }));
    expect(twice.response.statusCode).toBe(400);
    expect(twice.message).toBe('wrapping token is not valid or does not exist');

    const wrappedToken = await vault.tokenCreate({ policies: ['app'], requestOptions: { headers: { 'X-Vault-Wrap-TTL': '60s' } } });
    expect(wrappedToken.auth).toBeNull();
    expect(vault.token).toBe(root);
    const lookup = await colleague.write('sys/wrapping/lookup', { token: wrappedToken.wrap_info.token });
    expect(lookup.data.creation_path).toBe('auth/token/create');
    const got = await colleague.unwrap({ token: wrappedToken.wrap_info.token });
    expect(got.auth.accessor).toBe(wrappedToken.wrap_info.wrapped_accessor);
    const self = await client(got.auth.client_token).tokenLookupSelf();
    expect(self.data.policies).toEqual(['app', 'default']);
  });
});
