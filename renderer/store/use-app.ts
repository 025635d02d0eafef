/**
 * React binding of the one store. Components read through selectors (`useApp((s) => s.seal)`),
 * so each re-renders only for what it shows.
 */
import { useStore } from 'zustand';
import { selectTransport } from '../lib/api.js';
import { createAppStore } from './index.js';
import type { AppState } from './index.js';

/** The application's store; the transport is chosen once, at start-up. */
export const appStore = createAppStore(selectTransport());

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
