/**
 * The listener's refusal rules (electron/api/listener-security.ts; API.md, "Security of the
 * listener") on hand-made header sets: what each browser signal leads to, in which order.
 * test/integration/api/listener-security.test.ts and test/e2e/cross-site-page.test.ts drive the
 * same rules through a real listener and real Chromium.
 */
import { describe, expect, it } from 'vitest';
import { allowedHosts, allowedOrigins, refuseForeign } from '../../../electron/api/listener-security.js';

const PORT = 8200;
const check = (headers: Record<string, string | string[]>, names: string[] = Object.keys(headers)) =>
  refuseForeign({ headers, rawHeaders: names.flatMap((name) => [name, 'value']) }, allowedHosts(PORT), allowedOrigins(PORT));
const code = (headers: Record<string, string | string[]>, names?: string[]) => {
  const refusal = check(headers, names);
  return refusal ? [refusal.status, (refusal.body as { error_code: string }).error_code] : null;
};
const host = { host: `127.0.0.1:${PORT}` };

describe('refuseForeign', () => {
  it('lets a local program through: our Host, no Origin, no Fetch Metadata', () => {
    expect(check(host)).toBeNull();
  });

  it('lets the served UI and typed-in addresses through (same-origin, none)', () => {
    expect(check({ ...host, origin: `http://localhost:${PORT}`, 'sec-fetch-site': 'same-origin' })).toBeNull();
    expect(check({ ...host, 'sec-fetch-site': 'none' })).toBeNull();
  });

  it('refuses another site, a sibling port (same-site), and values no browser sends, in any case', () => {
    for (const site of ['cross-site', 'same-site', 'Cross-Site', 'same-origin, cross-site', 'bogus', '']) {
      expect({ site, refusal: code({ ...host, 'sec-fetch-site': site }) }).toEqual({ site, refusal: [403, 'CROSS_SITE_REQUEST'] });
    }
    expect(code({ ...host, 'sec-fetch-site': ['same-origin', 'cross-site'] })).toEqual([403, 'CROSS_SITE_REQUEST']);
  });

  it('checks Host first, then Origin, then Fetch Metadata', () => {
    expect(code({ host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).toEqual([421, 'MISDIRECTED_REQUEST']);
    expect(code({ ...host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).toEqual([403, 'FOREIGN_ORIGIN']);
    expect(code({ ...host, 'sec-fetch-site': 'cross-site' })).toEqual([403, 'CROSS_SITE_REQUEST']);
  });

  it('refuses two Host lines (RFC 9112 §3.2), whatever their values', () => {
    expect(code(host, ['Host', 'Host'])).toEqual([400, 'DUPLICATE_HOST']);
    expect(code(host, ['host', 'Date', 'HOST'])).toEqual([400, 'DUPLICATE_HOST']);
    expect(code(host, ['Date', 'Host', 'Hos', 'Hosts'])).toBeNull();
  });
});
