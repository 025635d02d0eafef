/**
 * `LIST auth/token/accessors` (or GET `?list=true`; Vault's sudo-protected listing): every live token's accessor and
 * never a token, so the operator can find root tokens left over from earlier ceremonies and
 * revoke them with `auth/token/revoke-accessor`. Without sudo → 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

interface Listed { data: { keys: string[] } }
interface Created { auth: { client_token: string; accessor: string } }

describe('auth/token/accessors', () => {
  let server: ServeProcess;
  let root = '';
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, root, stop } = await serveUnsealedKeyring());
  }, 60_000);
  afterAll(async () => { await stop(); });

  it('lists the accessors of live tokens, never the tokens, and forgets a revoked one', async () => {
    const self = await api<{ data: { accessor: string } }>(server, 'GET', 'auth/token/lookup-self', { token: root });
    const spare = await api<Created>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['root'], display_name: 'spare-root' } });
    expect(spare.status, spare.text).toBe(200);

    const listed = await api<Listed>(server, 'GET', 'auth/token/accessors?list=true', { token: root });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.data.keys).toEqual(expect.arrayContaining([self.body.data.accessor, spare.body.auth.accessor]));
    expect(listed.text).not.toContain(root);
    expect(listed.text).not.toContain(spare.body.auth.client_token);
    // The LIST verb (hvac, the vault CLI) is the same listing.
    const verb = await api<Listed>(server, 'LIST', 'auth/token/accessors', { token: root });
    expect(verb.status, verb.text).toBe(200);
    expect(verb.body.data.keys).toEqual(listed.body.data.keys);

    const looked = await api<{ data: { policies: string[]; display_name: string } }>(server, 'POST', 'auth/token/lookup-accessor', { token: root, body: { accessor: spare.body.auth.accessor } });
    expect(looked.body.data.policies).toEqual(['root']);
    expect((await api(server, 'POST', 'auth/token/revoke-accessor', { token: root, body: { accessor: spare.body.auth.accessor } })).status).toBe(204);
    const after = await api<Listed>(server, 'GET', 'auth/token/accessors?list=true', { token: root });
    expect(after.body.data.keys).not.toContain(spare.body.auth.accessor);
    expect(after.body.data.keys).toContain(self.body.data.accessor);
  });

  it('needs sudo: a token without it gets 403', async () => {
    await api(server, 'PUT', 'sys/policies/acl/token-reader', { token: root, body: { policy: JSON.stringify({ path: { 'auth/token/accessors': { capabilities: ['list'] } } }) } });
    const limited = await api<Created>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['token-reader'] } });
    const r = await api(server, 'GET', 'auth/token/accessors?list=true', { token: limited.body.auth.client_token });
    expect(r.status).toBe(403);
  });
});
