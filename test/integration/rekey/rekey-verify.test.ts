/**
 * Rekey verification through real HTTP (API.md, "sys/rekey"): with `require_verification` the new
 * shares are handed out but nothing is committed until a threshold of them is proven at
 * sys/rekey/verify; Symbolon's `verify_all_shares` asks for every new share. Each new share is
 * judged at entry against the pending generation; a cancelled verification gets a new nonce.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, tempDir } from '../../helpers/serve.js';
import {
  cancelRekey, expectError, rekeyStatus, rekeyThrough, rekeyUpdate, sealStatus, sealWith, servedKeyring, unsealRefusal, unsealWith,
  verifyStatus, verifyUpdate,
} from './rekey-fixture.js';
import type { VerifyStatus } from './rekey-fixture.js';
import type { RekeyStatusResponse } from '../../../shared/api/rekey.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dir = tempDir('symbolon-rekey-verify-');
afterAll(() => dir.remove());

describe('a rekey with require_verification', () => {
  it('hands out the new shares without committing; old shares stay valid until verified', async () => {
    const k = await servedKeyring(dir.dir, 3, 2, ['Ann', 'Ben', 'Cy']);
    try {
      expectError(await verifyStatus(k.server), 400, 'no rekey configuration found', 'NO_REKEY');
      const done = await rekeyThrough(k.server, k.init.keys, { secret_shares: 3, secret_threshold: 2, require_verification: true, custodians: ['Dee', 'Eve', 'Fay'] });
      expect(done).toMatchObject({ complete: true, verification_required: true, generation: 2, committed: false });
      expect(done.verification_nonce).toMatch(UUID);
      expect(done.verification_nonce).not.toBe(done.nonce);
      const vn = done.verification_nonce ?? '';
      expect((await sealStatus(k.server)).generation).toBe(1);
      expect((await rekeyStatus(k.server)).body).toMatchObject({ started: true, nonce: done.nonce, verification_required: true, verification_nonce: vn, progress: 0 });

      // The authorization step is over; more current shares are pointed at verification.
      expectError(await rekeyUpdate(k.server, k.init.keys[2], done.nonce), 400,
        `rekey operation already finished; verification must be performed; nonce for the verification operation is "${vn}"`, 'VERIFICATION_PENDING');

      const v = await verifyStatus(k.server);
      expect(v.body).toEqual({ nonce: vn, started: true, t: 2, n: 3, progress: 0, required: 2 });

      expectError(await verifyUpdate(k.server, done.keys[0], 'wrong'), 400, `incorrect nonce supplied; nonce for this verify operation is "${vn}"`, 'NONCE_MISMATCH');
      // A current (generation 1) share is not a new share: named, and not counted.
      expectError(await verifyUpdate(k.server, k.init.keys[0], vn), 400, 'this share belongs to generation 1; the expected one is 2', 'SHARE_OLD_GENERATION');
      expectError(await verifyUpdate(k.server, k.init.shares[0]?.text, vn), 400, 'this share belongs to generation 1; the expected one is 2');
      const first = await verifyUpdate(k.server, done.shares[1]?.text, vn);
      expect(first.body).toMatchObject({ nonce: vn, started: true, progress: 1, share_index: 2, custodian: 'Eve' });
      expectError(await verifyUpdate(k.server, done.keys[1], vn), 400, 'given key has already been provided during this verify operation', 'DUPLICATE_SHARE');

      // Cancelling verification: progress 0 under a new nonce; the old one no longer works.
      const restarted = await api<VerifyStatus>(k.server, 'DELETE', 'sys/rekey/verify');
      expect(restarted.status).toBe(200);
      expect(restarted.body).toMatchObject({ started: true, progress: 0, t: 2, n: 3 });
      expect(restarted.body.nonce).toMatch(UUID);
      expect(restarted.body.nonce).not.toBe(vn);
      expectError(await verifyUpdate(k.server, done.keys[1], vn), 400, /^incorrect nonce supplied; nonce for this verify operation is /);

      expect((await sealStatus(k.server)).generation).toBe(1);
      const nv = restarted.body.nonce;
      expect((await verifyUpdate(k.server, done.keys_base64[0], nv)).body.progress).toBe(1);
      const last = await verifyUpdate(k.server, done.keys[2], nv);
      expect(last.status).toBe(200);
      expect(last.body).toEqual({ nonce: nv, complete: true, generation: 2, share_index: 3, custodian: 'Fay' });
      expect(await sealStatus(k.server)).toMatchObject({ generation: 2, t: 2, n: 3 });
      expect((await rekeyStatus(k.server)).body.started).toBe(false);
      expectError(await verifyStatus(k.server), 400, 'no rekey configuration found');

      await sealWith(k.server, k.token);
      expect((await unsealRefusal(k.server, k.init.keys[1] ?? '')).message).toBe('this share belongs to generation 1; the current one is 2');
      await unsealWith(k.server, [done.shares[0]?.text ?? '', done.keys[2] ?? '']);
    } finally {
      await k.server.stop();
    }
  });

  it('keeps the old shares valid when the keyring is sealed before verification completes', async () => {
    const k = await servedKeyring(dir.dir, 2, 2);
    try {
      const done = await rekeyThrough(k.server, k.init.keys, { secret_shares: 2, secret_threshold: 2, require_verification: true });
      expect((await verifyUpdate(k.server, done.keys[0], done.verification_nonce)).status).toBe(200);
      await sealWith(k.server, k.token);
      // The pending new shares never became valid; the old ones still unseal.
      expect((await unsealRefusal(k.server, done.keys[0] ?? '')).error_code).toBe('SHARE_NOT_MEMBER');
      expect((await unsealRefusal(k.server, done.shares[1]?.text ?? '')).message).toBe('this share belongs to generation 2; the current one is 1');
      await unsealWith(k.server, k.init.keys);
      expect(await sealStatus(k.server)).toMatchObject({ sealed: false, generation: 1 });
      expect((await rekeyStatus(k.server)).body.started).toBe(false);
    } finally {
      await k.server.stop();
    }
  });

  it('can be cancelled during verification with the rekey nonce; nothing is committed', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const done = await rekeyThrough(k.server, k.init.keys, { secret_shares: 3, secret_threshold: 2, require_verification: true });
      expectError(await cancelRekey(k.server, { nonce: done.verification_nonce }), 400, 'incorrect nonce supplied; the rekey was not cancelled');
      expect((await cancelRekey(k.server, { nonce: done.nonce })).status).toBe(204);
      expectError(await verifyUpdate(k.server, done.keys[0], done.verification_nonce), 400, 'no rekey in progress');
      expectError(await api(k.server, 'DELETE', 'sys/rekey/verify'), 400, 'no rekey configuration found');
      expect((await sealStatus(k.server)).generation).toBe(1);
    } finally {
      await k.server.stop();
    }
  });

  it('answers verification calls made before the new shares exist', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const started = await api<RekeyStatusResponse>(k.server, 'PUT', 'sys/rekey/init', { body: { secret_shares: 1, secret_threshold: 1, require_verification: true } });
      expect((await verifyStatus(k.server)).body).toEqual({ nonce: '', started: false, t: 1, n: 1, progress: 0, required: 1 });
      expectError(await verifyUpdate(k.server, k.init.keys[0], ''), 400, 'no rekey verification in progress', 'NO_VERIFICATION');
      expectError(await api(k.server, 'DELETE', 'sys/rekey/verify'), 400, 'no rekey verification in progress');
      expect((await cancelRekey(k.server, { nonce: started.body.nonce })).status).toBe(204);
    } finally {
      await k.server.stop();
    }
  });
});

describe('a rekey with verify_all_shares (Symbolon)', () => {
  it('commits only when every new share, not just a threshold, has been proven', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const done = await rekeyThrough(k.server, k.init.keys, { secret_shares: 3, secret_threshold: 2, verify_all_shares: true });
      expect(done).toMatchObject({ verification_required: true, committed: false });
      expect((await rekeyStatus(k.server)).body).toMatchObject({ verification_required: true, verify_all_shares: true });
      const vn = done.verification_nonce ?? '';
      expect((await verifyStatus(k.server)).body).toMatchObject({ t: 2, n: 3, required: 3 });
      expect((await verifyUpdate(k.server, done.keys[2], vn)).body.progress).toBe(1);
      const second = await verifyUpdate(k.server, done.keys[0], vn);
      expect(second.body).toMatchObject({ progress: 2, required: 3 });
      expect(second.body.complete).toBeUndefined();
      expect((await sealStatus(k.server)).generation).toBe(1);
      const third = await verifyUpdate(k.server, done.shares[1]?.text, vn);
      expect(third.body).toMatchObject({ complete: true, generation: 2 });
      expect((await sealStatus(k.server)).generation).toBe(2);
    } finally {
      await k.server.stop();
    }
  });
});
