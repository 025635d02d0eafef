/**
 * Start-up check of the native modules that live outside `app.asar` (DESIGN.md "Electron
 * hardening"). Electron verifies the embedded ASAR hash on macOS and Windows only, and never the
 * unpacked `better-sqlite3` binary, which reads and writes the keyring file. At package time
 * build/scripts/native-hashes.mjs records each unpacked module's SHA-256 in NATIVE_MANIFEST
 * inside the asar; a packaged app refuses to open a keyring when a module differs.
 *
 * What this buys: on macOS and Windows the manifest is covered by the ASAR integrity check, so
 * the unpacked module is covered too. On Linux (AppImage, deb) nothing covers the asar itself, so
 * this only catches a module replaced on its own; the SHA-256 of the installer, checked by a
 * second path before install (README), is the real guarantee there.
 *
 * Runs before the API opens the database: better-sqlite3 loads its binary on first use.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Relative to the app path (`resources/app.asar` when packaged). */
export const NATIVE_MANIFEST = 'out/native-hashes.json';

export interface NativeModuleHash {
  /** Relative to the app path, `/`-separated, e.g. `node_modules/better-sqlite3/build/Release/better_sqlite3.node`. */
  readonly file: string;
  readonly sha256: string;
}

export class NativeIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeIntegrityError';
  }
}

export type ReadFile = (path: string) => Uint8Array;

function parseManifest(text: string): NativeModuleHash[] {
  const parsed = JSON.parse(text) as unknown;
  const modules = typeof parsed === 'object' && parsed !== null ? (parsed as { modules?: unknown }).modules : undefined;
  if (!Array.isArray(modules) || modules.length === 0) throw new TypeError('no modules listed');
  return modules.map((entry: unknown) => {
    const { file, sha256 } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof file !== 'string' || file === '' || file.split('/').includes('..')) throw new TypeError('bad file entry');
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError(`bad sha256 for ${file}`);
    return { file, sha256 };
  });
}

/**
 * Throws NativeIntegrityError unless every module listed in the manifest hashes as recorded.
 * Unpacked files of `x/app.asar` live in `x/app.asar.unpacked`; they are read from there, which is
 * what the module loader maps them to.
 */
export function verifyNativeModules(appPath: string, read: ReadFile = readFileSync): void {
  let modules: NativeModuleHash[];
  try {
    modules = parseManifest(Buffer.from(read(join(appPath, NATIVE_MANIFEST))).toString('utf8'));
  } catch (error) {
    throw new NativeIntegrityError(`the native module manifest ${NATIVE_MANIFEST} is missing or unreadable (${error instanceof Error ? error.message : 'unknown'})`);
  }
  const unpacked = appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath;
  for (const { file, sha256 } of modules) {
    let actual: string;
    try {
      actual = createHash('sha256').update(read(join(unpacked, ...file.split('/')))).digest('hex');
    } catch {
      throw new NativeIntegrityError(`native module ${file} is missing`);
    }
    if (actual !== sha256) throw new NativeIntegrityError(`native module ${file} differs from the one this build shipped (SHA-256 ${actual})`);
  }
}
