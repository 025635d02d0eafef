/**
 * The main-process end of `symbolon:request`: sender check → payload validation → the same
 * in-process API pipeline the HTTP listener uses (`server.inject`), so the UI has no second,
 * private path to the core (DESIGN.md "one core, one API, two transports").
 *
 * Takes its collaborators as delegates (Mullvad style) so it is tested with a real server and
 * plain-object events, without Electron.
 */
import type { InjectRequest, InjectResponse } from '../api/server.js';
import { REQUEST_CHANNEL } from '../../shared/ipc-schema.js';
import type { SymbolonResponse } from '../../shared/ipc-schema.js';
import { validateBridgeRequest } from './request-validation.js';
import { isTrustedSender } from './sender-check.js';
import type { SenderEventLike, TrustedWindowLike } from './sender-check.js';

export interface BridgeDeps {
  /** `server.inject` of the running API. */
  readonly inject: (req: InjectRequest) => Promise<InjectResponse>;
  /** The window whose main frame may call; null while there is none. */
  readonly trustedWindow: () => TrustedWindowLike | null;
}

/** Thrown to the caller (the invoke rejects) when the sender is not our UI; nothing is run. */
export class UntrustedSenderError extends Error {
  constructor() {
    super('IPC call refused: the sender is not the Symbolon window');
    this.name = 'UntrustedSenderError';
  }
}

export function createRequestHandler(deps: BridgeDeps): (event: SenderEventLike, payload: unknown) => Promise<SymbolonResponse> {
  return async (event, payload) => {
    if (!isTrustedSender(event, deps.trustedWindow())) throw new UntrustedSenderError();
    let request: InjectRequest;
    try {
      request = validateBridgeRequest(payload);
    } catch (error) {
      // Vault-shaped, like every other API error the UI already knows how to show.
      const message = error instanceof Error ? error.message : 'invalid request';
      return { status: 400, body: { errors: [message], error_code: 'INVALID_IPC_REQUEST', message } };
    }
    const response = await deps.inject(request);
    return { status: response.status, body: parseBody(response.body) };
  };
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The part of `ipcMain` used here (structural, so tests can pass a recorder). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEventLike, payload: unknown) => Promise<unknown>): void;
}

export function registerRequestBridge(ipcMain: IpcMainLike, deps: BridgeDeps): void {
  const handler = createRequestHandler(deps);
  ipcMain.handle(REQUEST_CHANNEL, handler);
}
