/**
 * The store's shape: one zustand store built from slices (STYLE.md), each slice a file.
 * Secrets (shares, OTPs, tokens) exist only in these in-memory objects: nothing here is ever
 * persisted, and every ceremony slice knows how to wipe its own secrets.
 */
import type { StateCreator } from 'zustand/vanilla';
import { ApiError } from '../lib/api.js';
import type { Api } from '../lib/api.js';
import type { ActivitySlice } from './activity-slice.js';
import type { AuditSlice } from './audit-slice.js';
import type { BackupSlice } from './backup-slice.js';
import type { GenerateRootSlice } from './generate-root-slice.js';
import type { HandoutRecordSlice } from './handout-record-slice.js';
import type { InitSlice } from './init-slice.js';
import type { RekeySlice } from './rekey-slice.js';
import type { RotateSlice } from './rotate-slice.js';
import type { SessionSlice } from './session-slice.js';
import type { StatusSlice } from './status-slice.js';
import type { UnsealSlice } from './unseal-slice.js';

export type AppState = SessionSlice & StatusSlice & ActivitySlice & UnsealSlice & InitSlice & RekeySlice
  & GenerateRootSlice & RotateSlice & AuditSlice & BackupSlice & HandoutRecordSlice;

/** What slices depend on, injected so tests can pass fakes (Mullvad's "logic takes delegates"). */
export interface StoreDeps {
  api: Api;
  now: () => number;
}

export type Slice<T> = (deps: StoreDeps) => StateCreator<AppState, [], [], T>;

/** An error as a screen shows it: the API's message plus its non-secret context. */
export interface UiError {
  message: string;
  status: number;
  code: string;
  context: Record<string, unknown>;
}

export function toUiError(err: unknown): UiError {
  if (err instanceof ApiError) return { message: err.message, status: err.status, code: err.code, context: { ...err.context } };
  return { message: err instanceof Error ? err.message : String(err), status: 0, code: '', context: {} };
}

/** Position in a one-custodian-at-a-time hand-out; `visible` is false until the custodian is ready. */
export interface HandoutCursor {
  position: number;
  visible: boolean;
}

export const HANDOUT_START: HandoutCursor = { position: 0, visible: false };
