/**
 * A scripted transport for store tests: records every request and answers from a handler, the
 * way the Electron bridge or HTTP would (status + parsed JSON body).
 */
import type { SymbolonRequest, SymbolonResponse } from '../../../shared/ipc-schema.js';
import type { Transport } from '../../../renderer/lib/api.js';

export type Handler = (req: SymbolonRequest) => SymbolonResponse | Promise<SymbolonResponse>;

export interface FakeTransport extends Transport {
  requests: SymbolonRequest[];
}

export function fakeTransport(handler: Handler): FakeTransport {
  const requests: SymbolonRequest[] = [];
  return {
    kind: 'ipc',
    requests,
    async send(req) {
      // Deep copy: what was sent must not change if the caller mutates its objects later.
      requests.push(structuredClone(req));
      return handler(req);
    },
  };
}

/** A Vault-shaped error answer. */
export function vaultError(status: number, message: string, code = 'ERR', context: Record<string, unknown> = {}): SymbolonResponse {
  return { status, body: { errors: [message], error_code: code, message, context } };
}

export const ok = (body: unknown): SymbolonResponse => ({ status: 200, body });
export const noContent: SymbolonResponse = { status: 204, body: null };

/** A manual clock for the inactivity rules. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}
