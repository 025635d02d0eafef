/**
 * The one application store, built from slices (STYLE.md). A plain vanilla zustand store so it
 * is tested in Node without React; `use-app.ts` binds it to components. No `persist` middleware
 * and no Web Storage: every value, secret or not, lives in memory only.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { createApi } from '../lib/api.js';
import type { Transport } from '../lib/api.js';
import { createActivitySlice } from './activity-slice.js';
import { createAuditSlice } from './audit-slice.js';
import { createBackupSlice } from './backup-slice.js';
import { createGenerateRootSlice } from './generate-root-slice.js';
import { createHandoutRecordSlice } from './handout-record-slice.js';
import { createInitSlice } from './init-slice.js';
import { createRekeySlice } from './rekey-slice.js';
import { createRotateSlice } from './rotate-slice.js';
import { createSessionSlice } from './session-slice.js';
import { createStatusSlice } from './status-slice.js';
import type { AppState, StoreDeps } from './types.js';
import { createUnsealSlice } from './unseal-slice.js';

export type AppStore = StoreApi<AppState>;

export function createAppStore(transport: Transport, now: () => number = Date.now): AppStore {
  // The API reads the token at call time from the store it is about to be part of.
  const holder: { store: AppStore | null } = { store: null };
  const api = createApi(transport, () => holder.store?.getState().token ?? null);
  const deps: StoreDeps = { api, now };
  const store = createStore<AppState>()((...a) => ({
    ...createSessionSlice(deps)(...a),
    ...createStatusSlice(deps)(...a),
    ...createActivitySlice(deps)(...a),
    ...createUnsealSlice(deps)(...a),
    ...createInitSlice(deps)(...a),
    ...createRekeySlice(deps)(...a),
    ...createGenerateRootSlice(deps)(...a),
    ...createRotateSlice(deps)(...a),
    ...createAuditSlice(deps)(...a),
    ...createBackupSlice(deps)(...a),
    ...createHandoutRecordSlice(deps)(...a),
  }));
  holder.store = store;
  return store;
}

export type { AppState } from './types.js';
