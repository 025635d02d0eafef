/**
 * electron/main/index.ts started again and again against a fresh recording fake of `electron`
 * (vi.resetModules + import), with the real API server, a real SQLite file and a real loopback
 * socket: the page's IPC while it loads, the listener after the window (listening, port taken,
 * turned off), failures before and after the keyring is opened, a second instance, debugger
 * switches and a tampered native module.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoopbackApiStatus } from '../../../shared/ipc-schema.js';
import { NATIVE_MODULE, createFakeElectron, forwardingElectronModule, until } from './fake-electron.js';
import type { FakeElectron, FakeOptions } from './fake-electron.js';

const holder = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', () => forwardingElectronModule(holder));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const argv = process.argv;
afterEach(() => {
  process.argv = argv;
});

/** Quiet, and readable by the test: what the shell writes to stderr. */
function captureStderr(): string[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
  cleanups.push(() => spy.mockRestore());
  return written;
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function occupy(port: number): Promise<Server> {
  const blocker = createTcpServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return blocker;
}

/** Starts the shell against a new fake; `prepare` runs before the module is imported. */
async function launch(options: FakeOptions & { port?: number; prepare?: (fake: FakeElectron) => void } = {}): Promise<FakeElectron> {
  const fake = createFakeElectron(options);
  cleanups.push(() => fake.cleanup());
  holder.current = fake;
  process.env['SYMBOLON_PORT'] = String(options.port ?? 0);
  options.prepare?.(fake);
  vi.resetModules();
  await import('../../../electron/main/index.js');
  fake.ready();
  return fake;
}

/** Quits as the operator would: 'will-quit' seals and closes the keyring, then exits 0. */
async function quit(fake: FakeElectron): Promise<void> {
  fake.listeners.get('will-quit')?.({ preventDefault: () => undefined });
  await until(() => fake.state.exitCode !== null, 'exit after will-quit');
  expect(fake.state.exitCode).toBe(0);
}

const sealStatus = { method: 'GET', path: 'sys/seal-status' };

describe('the window while its page loads', () => {
  it('answers the page\'s first IPC call, and the listener is not up until the window is', async () => {
    captureStderr();
    const port = await freePort();
    const seen: { seal?: unknown; refused?: unknown; listeningDuringLoad?: boolean; status?: Promise<unknown> } = {};
    const fake = await launch({
      port,
      duringLoad: async (window) => {
        const current = holder.current as FakeElectron;
        seen.seal = await current.invoke('symbolon:request', sealStatus, window).catch((error: unknown) => (seen.refused = error));
        seen.listeningDuringLoad = await canConnect(port);
        // Asked while loading; answered once the listener has started.
        seen.status = current.invoke('symbolon:loopback-api-status', undefined, window);
      },
    });
    await until(() => fake.calls.includes('loaded'), 'the page to load');
    expect(seen.refused).toBeUndefined();
    expect(seen.seal).toMatchObject({ status: 200, body: { sealed: true } });
    expect(seen.listeningDuringLoad).toBe(false);
    expect(await seen.status).toEqual({ state: 'listening', port, url: `http://127.0.0.1:${port}`, enabledAtNextStart: true });

    const response = await fetch(`http://127.0.0.1:${port}/v1/sys/seal-status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sealed: true });
    expect(fake.messageBoxes).toEqual([]);
    expect(fake.errors).toEqual([]);
    // The keyring is open (WAL beside it) until the app quits; see the failure test below.
    expect(existsSync(join(fake.userData, 'keyring.db-wal'))).toBe(true);

    // A second launch brings the existing window forward instead of opening the keyring twice.
    const window = fake.windows[0];
    if (window === undefined) throw new Error('no window');
    window.minimized = true;
    fake.listeners.get('second-instance')?.();
    expect(window.events).toEqual(['restore', 'focus']);
    expect(fake.windows).toHaveLength(1);

    await quit(fake);
    expect(await canConnect(port)).toBe(false);
  });

  it('refuses the listener calls from anything but the window\'s main frame, and bad settings', async () => {
    captureStderr();
    const fake = await launch();
    await until(() => fake.calls.includes('loaded'), 'the page to load');
    const handler = fake.ipc.get('symbolon:set-loopback-api');
    const stranger = { sender: {}, senderFrame: { url: 'app://symbolon/index.html', parent: null } };
    await expect(handler?.(stranger, { enabled: false })).rejects.toThrow(/refused/);
    await expect(fake.ipc.get('symbolon:loopback-api-status')?.(stranger)).rejects.toThrow(/refused/);
    await expect(fake.invoke('symbolon:set-loopback-api', { enabled: 'no' })).rejects.toThrow(TypeError);
    expect(existsSync(join(fake.userData, 'settings.json'))).toBe(false);
    await quit(fake);
  });
});

describe('the loopback listener', () => {
  it('says prominently when another program holds the port, and the window keeps working', async () => {
    captureStderr();
    const port = await freePort();
    await occupy(port);
    const fake = await launch({ port });
    await until(() => fake.messageBoxes.length > 0, 'the warning');
    const status = (await fake.invoke('symbolon:loopback-api-status')) as LoopbackApiStatus;
    expect(status).toEqual({ state: 'port-taken', port, enabledAtNextStart: true });
    expect(fake.messageBoxes[0]).toMatchObject({ type: 'warning', message: `Port ${port} is taken by another program` });
    expect(String(fake.messageBoxes[0]?.['detail'])).toContain(`VAULT_ADDR=http://127.0.0.1:${port} would reach that other program`);
    expect(fake.errors).toEqual([]);
    expect(fake.state.exitCode).toBeNull();
    expect(await fake.invoke('symbolon:request', sealStatus)).toMatchObject({ status: 200 });
    await quit(fake);
  });

  it('stays closed when the operator turned it off, and the setting is saved for the next start', async () => {
    captureStderr();
    const port = await freePort();
    const fake = await launch({
      port,
      prepare: (f) => {
        mkdirSync(f.userData, { recursive: true });
        writeFileSync(join(f.userData, 'settings.json'), JSON.stringify({ loopbackApi: false }));
      },
    });
    await until(() => fake.calls.includes('loaded'), 'the page to load');
    expect(await fake.invoke('symbolon:loopback-api-status')).toEqual({ state: 'off', port, enabledAtNextStart: false });
    expect(await canConnect(port)).toBe(false);
    expect(await fake.invoke('symbolon:request', sealStatus)).toMatchObject({ status: 200 });

    expect(await fake.invoke('symbolon:set-loopback-api', { enabled: true })).toEqual({ state: 'off', port, enabledAtNextStart: true });
    expect(JSON.parse(readFileSync(join(fake.userData, 'settings.json'), 'utf8'))).toEqual({ loopbackApi: true });
    expect(await canConnect(port)).toBe(false);
    expect(fake.messageBoxes).toEqual([]);
    await quit(fake);
  });
});

describe('the data folder', () => {
  it('is made private (0700) even when it already existed with a looser mode', async () => {
    captureStderr();
    const fake = await launch({ port: await freePort(), prepare: (f) => { mkdirSync(f.userData, { recursive: true, mode: 0o755 }); chmodSync(f.userData, 0o755); } });
    await until(() => fake.calls.includes('loaded'), 'the page to load');
    expect(statSync(fake.userData).mode & 0o777).toBe(0o700);
    await quit(fake);
  });
});

describe('failures at start', () => {
  it('says why and exits 1 when the keyring cannot be opened', async () => {
    captureStderr();
    const fake = await launch({ prepare: (f) => mkdirSync(join(f.userData, 'keyring.db'), { recursive: true }) });
    await until(() => fake.state.exitCode !== null, 'exit');
    expect(fake.state.exitCode).toBe(1);
    expect(fake.errors).toHaveLength(1);
    expect(fake.errors[0]).toMatch(/^Symbolon could not start: /);
    expect(fake.windows).toEqual([]);
  });

  it('seals and closes a keyring it already opened before exiting 1 (app.exit skips will-quit)', async () => {
    captureStderr();
    const fake = await launch({ windowError: new Error('no display') });
    await until(() => fake.state.exitCode !== null, 'exit');
    expect(fake.state.exitCode).toBe(1);
    expect(fake.errors).toEqual(['Symbolon could not start: no display']);
    expect(existsSync(join(fake.userData, 'keyring.db'))).toBe(true);
    // Closing the last connection checkpoints and removes the WAL: the database was closed.
    expect(existsSync(join(fake.userData, 'keyring.db-wal'))).toBe(false);
  });

  it('quits at once when another instance holds the lock', async () => {
    captureStderr();
    const fake = await launch({ singleInstance: false });
    expect(fake.calls).toContain('quit');
    expect(fake.calls).not.toContain('whenReady');
  });
});

describe('a packaged build', () => {
  it.each([
    ['--remote-debugging-port=9222', []],
    ['--remote-debugging-pipe', []],
    ['-no-sandbox', []],
    ['', ['remote-debugging-port']],
    ['', ['no-sandbox']],
  ] as Array<[string, string[]]>)('exits before anything else with %s %j', async (arg, chromiumSwitches) => {
    const written = captureStderr();
    if (arg !== '') process.argv = [...argv, arg];
    const fake = await launch({ chromiumSwitches });
    expect(fake.state.exitCode).toBe(1);
    expect(fake.calls).toEqual([]);
    expect(fake.switches).toEqual([]);
    expect(written.join('')).toMatch(/refusing to start with --(remote-debugging-port|remote-debugging-pipe|no-sandbox)/);
  });

  it('lets a developer run (not packaged) use a debugger', async () => {
    captureStderr();
    process.argv = [...argv, '--remote-debugging-port=9222'];
    const fake = await launch({ isPackaged: false });
    await until(() => fake.calls.includes('loaded'), 'the page to load');
    expect(fake.state.exitCode).toBeNull();
    await quit(fake);
  });

  it('refuses to open the keyring when the native module differs from the one it shipped', async () => {
    captureStderr();
    const manifest = JSON.stringify({ modules: [{ file: NATIVE_MODULE, sha256: '0'.repeat(64) }] });
    const fake = await launch({ manifest });
    await until(() => fake.state.exitCode !== null, 'exit');
    expect(fake.state.exitCode).toBe(1);
    expect(fake.errors[0]).toMatch(/native module .*better_sqlite3\.node differs/);
    expect(existsSync(join(fake.userData, 'keyring.db'))).toBe(false);
  });
});
