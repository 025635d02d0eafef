/**
 * Reads a live process's memory the way an attacker with the same user id (or a core dump)
 * would: every readable mapping listed in /proc/<pid>/maps, through /proc/<pid>/mem. Linux only.
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 16 * 1024 * 1024;

/**
 * How many times each needle occurs anywhere in the process's readable memory. Reads are
 * asynchronous: a census takes seconds on a loaded machine, and blocking the test's event loop
 * that long would keep its HTTP client from retiring kept-alive sockets the server has closed.
 */
export async function countInProcessMemory(pid: number, needles: readonly Uint8Array[]): Promise<number[]> {
  const counts = needles.map(() => 0);
  const longest = Math.max(...needles.map((n) => n.length));
  const file = await open(`/proc/${pid}/mem`, 'r');
  const buffer = Buffer.alloc(CHUNK + longest);
  try {
    for (const region of readableRegions(pid)) {
      // Overlapping windows, so a needle across a chunk boundary is found once.
      for (let start = region.start; start < region.end; start += CHUNK) {
        const length = Math.min(CHUNK + longest - 1, region.end - start);
        let read: number;
        try {
          ({ bytesRead: read } = await file.read(buffer, 0, length, start));
        } catch {
          break; // a guard page or a mapping that vanished meanwhile
        }
        const window = buffer.subarray(0, read);
        const limit = Math.min(read, CHUNK);
        needles.forEach((needle, i) => {
          for (let at = window.indexOf(needle); at !== -1 && at < limit; at = window.indexOf(needle, at + 1)) counts[i] = (counts[i] ?? 0) + 1;
        });
      }
    }
  } finally {
    await file.close();
    buffer.fill(0);
  }
  return counts;
}

function readableRegions(pid: number): { start: number; end: number }[] {
  const regions: { start: number; end: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const [range, perms, , , , name] = line.split(/\s+/);
    if (!range || !perms?.startsWith('r') || name === '[vvar]' || name === '[vsyscall]' || name === '[vvar_vclock]') continue;
    const [from, to] = range.split('-').map((h) => parseInt(h, 16));
    if (from !== undefined && to !== undefined) regions.push({ start: from, end: to });
  }
  return regions;
}

/** The byte strings a key can hide as: raw, lower and upper hex, base64 and base64url. */
export function renderingsOf(key: Uint8Array): { raw: Buffer; hex: Buffer; HEX: Buffer; base64: Buffer; base64url: Buffer } {
  const raw = Buffer.from(key);
  const hex = raw.toString('hex');
  return {
    raw,
    hex: Buffer.from(hex, 'latin1'),
    HEX: Buffer.from(hex.toUpperCase(), 'latin1'),
    // Without padding: a string may carry it or not.
    base64: Buffer.from(raw.toString('base64').replace(/=+$/, ''), 'latin1'),
    base64url: Buffer.from(raw.toString('base64url'), 'latin1'),
  };
}
