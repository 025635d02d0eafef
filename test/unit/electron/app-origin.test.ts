/** The renderer's whole network policy: only app://symbolon/ (and in-memory data:/blob: URLs). */
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAllowedRequestUrl, isAppOrigin, isAppUrl } from '../../../electron/main/app-origin.js';

const production = { allowDevTools: false };

describe('request allow-list', () => {
  it.each([
    APP_ENTRY_URL,
    'app://symbolon/assets/index-abc123.js',
    'app://symbolon/',
    'data:image/png;base64,iVBORw0KGgo=',
    `blob:${APP_ORIGIN}/7d3c1a4e-0000-4000-8000-000000000000`,
  ])('lets %s through', (url) => {
    expect(isAllowedRequestUrl(url, production)).toBe(true);
  });

  it.each([
    'http://127.0.0.1:8200/v1/sys/seal-status',
    'https://fonts.googleapis.com/css',
    'ws://127.0.0.1:8200/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://symbolon.example/index.html',
    'blob:https://evil.example/abc',
    'chrome-extension://abc/page.html',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ])('cancels %s', (url) => {
    expect(isAllowedRequestUrl(url, production)).toBe(false);
  });

  it('lets DevTools load its own pages only in developer runs', () => {
    expect(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html', { allowDevTools: true })).toBe(true);
    expect(isAllowedRequestUrl('https://example.com/', { allowDevTools: true })).toBe(false);
  });
});

describe('origin predicates', () => {
  it('recognises our origin with or without the trailing slash, and nothing near it', () => {
    expect(isAppOrigin('app://symbolon')).toBe(true);
    expect(isAppOrigin('app://symbolon/')).toBe(true);
    expect(isAppOrigin('app://symbolon.evil')).toBe(false);
    expect(isAppOrigin(undefined)).toBe(false);
    expect(isAppUrl('app://symbolon:8080/index.html')).toBe(false);
  });
});
