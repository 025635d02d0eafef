/**
 * Why key material is opened with aes-gcm-secret.ts and not node:crypto's decipher: a process
 * that opens a keyring-sized record holding a key, wipes the result and goes idle must hold no
 * copy of that key. node's `Decipher.update()` frees an unwiped scratch copy of the plaintext
 * (one copy found for 96- to 1000-byte records on Node 20; printed below, not asserted, since it
 * is Node's behaviour); gcmOpenSecret must leave none. The opening runs in a separate process
 * (the compiled core, as serve runs it) whose memory is read through /proc/<pid>/mem.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countInProcessMemory } from '../helpers/process-memory.js';

const CRYPTO = join(import.meta.dirname, '..', '..', 'out', 'electron', 'core', 'crypto');

/** The child seals `size` bytes with a 32-byte secret at offset 30 (where a keyring holds term 1), opens, wipes, idles. */
const CHILD = `
import { randomFillSync } from 'node:crypto';
const { gcmEncrypt, gcmDecrypt } = await import(process.env.CRYPTO + '/aes-gcm.js');
const { gcmOpenSecret } = await import(process.env.CRYPTO + '/aes-gcm-secret.js');
const [opener, size] = [process.argv[1], Number(process.argv[2])];
const secret = new Uint8Array(new ArrayBuffer(32));
randomFillSync(secret);
const key = new Uint8Array(new ArrayBuffer(32));
randomFillSync(key);
const plain = new Uint8Array(new ArrayBuffer(size));
plain.set(secret, 30);
const aad = Buffer.from('core/keyring');
const sealed = gcmEncrypt(key, plain, aad);
plain.fill(0);
process.stdout.write(Buffer.from(secret.buffer, 0, 32).toString('hex') + '\\n');
secret.fill(0);
const opened = (opener === 'node' ? gcmDecrypt : gcmOpenSecret)(key, sealed, aad);
if (!opened || opened.length !== size) process.exit(3);
opened.fill(0);
setInterval(() => undefined, 1000);
`;

async function copiesLeft(opener: 'node' | 'secret', size: number): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, opener, String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CRYPTO },
  });
  try {
    const hex = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (child.pid === undefined || child.exitCode !== null) throw new Error('child is not running');
    return (await countInProcessMemory(child.pid, [Buffer.from(hex, 'hex')]))[0] ?? 0;
  } finally {
    child.kill('SIGKILL');
  }
}

describe.runIf(process.platform === 'linux')('opening key material leaves no copy behind', () => {
  const report: Record<string, number> = {};
  afterAll(() => console.log(`copies of a key left after opening and wiping:\n${JSON.stringify(report, null, 1)}`));

  for (const size of [96, 200, 1000]) {
    it(`a ${size}-byte record opened with gcmOpenSecret and wiped leaves 0 copies of the key inside it`, async () => {
      report[`node decipher, ${size} B`] = await copiesLeft('node', size);
      const left = await copiesLeft('secret', size);
      report[`gcmOpenSecret, ${size} B`] = left;
      expect(left).toBe(0);
    });
  }
});
