/**
 * Hash routing (`#/unseal`): works identically under `/ui/` over HTTP and under Electron's custom
 * protocol, needs no server support, and never puts anything secret in the URL.
 */
import { useSyncExternalStore } from 'react';

export const ROUTES = ['status', 'sign-in', 'init', 'unseal', 'rekey', 'rotate', 'generate-root', 'audit', 'backup'] as const;
export type Route = (typeof ROUTES)[number];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'status';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}
