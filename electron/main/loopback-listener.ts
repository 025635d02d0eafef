/**
 * The desktop app's loopback API listener, as the operator sees it.
 *
 * Scripts on the laptop use `VAULT_ADDR=http://127.0.0.1:8200`. If another program holds that
 * port, those scripts would hand shares and tokens to it, so a failed listen is never quiet: the
 * status says `port-taken`, the header shows it, and the main process warns in a dialog. The
 * operator may turn the listener off (on by default); the setting applies at the next start,
 * because the socket cannot be reopened once closed without restarting the API.
 *
 * The window does not need the listener (it reaches the API over IPC), so it starts after the
 * window; `status()` waits for that start, so the header never shows a guess.
 */
import type { LoopbackApiStatus } from '../../shared/ipc-schema.js';
import { LOOPBACK_API_STATUS_CHANNEL, SET_LOOPBACK_API_CHANNEL, parseSetLoopbackApiRequest } from '../../shared/ipc-schema.js';
import type { IpcMainLike } from './ipc-bridge.js';
import { UntrustedSenderError } from './ipc-bridge.js';
import { isTrustedSender } from './sender-check.js';
import type { SenderEventLike, TrustedWindowLike } from './sender-check.js';

export interface LoopbackListenerDeps {
  /** The configured port (SYMBOLON_PORT or 8200). */
  readonly port: number;
  /** The operator's setting read at start. */
  readonly enabled: boolean;
  /** `server.listen` of the running API. */
  readonly listen: () => Promise<{ port: number; url: string }>;
  /** Persists the operator's setting. */
  readonly saveEnabled: (enabled: boolean) => void;
}

export interface LoopbackListener {
  /** Listens if enabled; runs once, later calls answer the first outcome. */
  start(): Promise<LoopbackApiStatus>;
  /** The outcome of `start`, once it has run. */
  status(): Promise<LoopbackApiStatus>;
  setEnabled(enabled: boolean): Promise<LoopbackApiStatus>;
}

export function createLoopbackListener(deps: LoopbackListenerDeps): LoopbackListener {
  let enabledAtNextStart = deps.enabled;
  let started: Promise<Omit<LoopbackApiStatus, 'enabledAtNextStart'>> | null = null;
  let release: () => void = () => undefined;
  const startCalled = new Promise<void>((resolve) => (release = resolve));

  const attempt = async (): Promise<Omit<LoopbackApiStatus, 'enabledAtNextStart'>> => {
    if (!deps.enabled) return { state: 'off', port: deps.port };
    try {
      const { port, url } = await deps.listen();
      return { state: 'listening', port, url };
    } catch (error) {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      if (code === 'EADDRINUSE') return { state: 'port-taken', port: deps.port };
      // The message names a port or a system error, never request content.
      return { state: 'failed', port: deps.port, message: error instanceof Error ? error.message.slice(0, 200) : 'unknown error' };
    }
  };
  const current = async (): Promise<LoopbackApiStatus> => {
    await startCalled;
    return { ...(await (started as NonNullable<typeof started>)), enabledAtNextStart };
  };

  return {
    start() {
      started ??= attempt();
      release();
      return current();
    },
    status: current,
    async setEnabled(enabled) {
      deps.saveEnabled(enabled);
      enabledAtNextStart = enabled;
      return current();
    },
  };
}

/** What the main process tells the operator in a dialog, or null when all is as expected. */
export function listenerWarning(status: LoopbackApiStatus): { message: string; detail: string } | null {
  const address = `http://127.0.0.1:${status.port}`;
  if (status.state === 'port-taken') {
    return {
      message: `Port ${status.port} is taken by another program`,
      detail: `Symbolon's loopback API is NOT listening. Scripts using VAULT_ADDR=${address} would reach that other program ` +
        'and hand it shares and tokens: do not run them. The Symbolon window works as usual. Close the other program and ' +
        'restart Symbolon, or start Symbolon with SYMBOLON_PORT set to a free port.',
    };
  }
  if (status.state === 'failed') {
    return {
      message: 'Symbolon\'s loopback API is not listening',
      detail: `${status.message ?? 'unknown error'}\n\nScripts using VAULT_ADDR=${address} cannot reach Symbolon. The Symbolon window works as usual.`,
    };
  }
  return null;
}

export interface LoopbackIpcDeps {
  readonly trustedWindow: () => TrustedWindowLike | null;
  readonly listener: LoopbackListener;
}

export function registerLoopbackApi(ipcMain: IpcMainLike, deps: LoopbackIpcDeps): void {
  const checked = (run: (payload: unknown) => Promise<LoopbackApiStatus>) => async (event: SenderEventLike, payload: unknown) => {
    if (!isTrustedSender(event, deps.trustedWindow())) throw new UntrustedSenderError();
    return run(payload);
  };
  ipcMain.handle(LOOPBACK_API_STATUS_CHANNEL, checked(() => deps.listener.status()));
  ipcMain.handle(SET_LOOPBACK_API_CHANNEL, checked((payload) => deps.listener.setEnabled(parseSetLoopbackApiRequest(payload).enabled)));
}
