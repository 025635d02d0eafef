/**
 * electron-builder `afterExtract` hook: records the SHA-256 of each native module that ships
 * outside app.asar in out/native-hashes.json, which is then packed into the asar and checked by
 * the app at start (electron/main/native-integrity.ts).
 *
 * Why afterExtract: it runs after electron-builder rebuilt the native modules for Electron's ABI
 * (`npmRebuild`) and before it copies out/ into the asar; beforePack would hash the Node build.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The unpacked native modules, relative to the project (and so to the app path). */
export const NATIVE_MODULES = ['node_modules/better-sqlite3/build/Release/better_sqlite3.node'];

export function writeNativeHashes(projectDir) {
  const modules = NATIVE_MODULES.map((file) => ({
    file,
    sha256: createHash('sha256').update(readFileSync(join(projectDir, ...file.split('/')))).digest('hex'),
  }));
  const target = join(projectDir, 'out', 'native-hashes.json');
  writeFileSync(target, `${JSON.stringify({ modules }, null, 2)}\n`);
  return target;
}

export default async function afterExtract(context) {
  writeNativeHashes(context.packager.info.projectDir);
}
