/**
 * Static check of the electron-builder configuration (issue 7, "CI checks the configuration
 * statically": Electron cannot be downloaded here, so `npm run dist` cannot run). The file is
 * loaded and schema-validated by electron-builder's own code, then the security-relevant
 * settings are asserted one by one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// app-builder-lib is electron-builder's engine; these are the functions `electron-builder` itself
// calls to read and validate the configuration.
const requireFromRoot = createRequire(join(root, 'package.json'));
const requireFromBuilder = createRequire(requireFromRoot.resolve('electron-builder'));
const { getConfig, validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = requireFromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface Config {
  appId: string;
  productName: string;
  electronVersion: string;
  asar: boolean;
  files: Array<{ filter: string[] }>;
  directories: { output: string; buildResources: string };
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  electronFuses: Record<string, boolean>;
  publish: unknown;
  linux: { target: string[]; icon: string; maintainer: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  nsis: { deleteAppDataOnUninstall: boolean };
}

let config: Config;
beforeAll(async () => {
  config = (await getConfig(root, join(root, 'build', 'electron-builder.yml'), null)) as unknown as Config;
});

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validateConfiguration(config as unknown as Record<string, unknown>, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be rejected by that validation if it held an unknown key (the check can fail)', async () => {
    const broken = { ...config, electronFuse: { runAsNode: false } } as unknown as Record<string, unknown>;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });

  it('names the app and pins the Electron version package-lock.json installs', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(config.appId).toBe('org.symbolon.app');
    expect(config.productName).toBe('Symbolon');
    expect(config.electronVersion).toBe(lock.packages['node_modules/electron']?.version);
  });

  it('sets every Electron fuse DESIGN.md asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs only compiled output into an asar, without tests or source maps', () => {
    expect(config.asar).toBe(true);
    const filters = config.files.flatMap((set) => set.filter);
    expect(filters).toEqual(expect.arrayContaining(['package.json', 'out/**/*', '!out/test/**', '!**/*.map']));
    expect(filters.filter((f) => !f.startsWith('!')).every((f) => f === 'package.json' || f.startsWith('out/'))).toBe(true);
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(packageJson.main.startsWith('out/')).toBe(true);
  });

  it('rebuilds native modules (better-sqlite3) for Electron, from source', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
  });

  it('declares AppImage and deb for Linux, dmg for macOS, nsis for Windows, and publishes nowhere', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.publish).toBeNull();
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('never deletes the keyring on uninstall', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('has its icons under build/: a 512×512 PNG and a multi-size ICO', () => {
    expect(config.directories.buildResources).toBe('build');
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) {
      expect(icon.startsWith('build/'), icon).toBe(true);
      expect(existsSync(join(root, icon)), icon).toBe(true);
    }
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = readFileSync(join(root, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });
});
