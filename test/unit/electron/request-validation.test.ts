/** The main process's checks on a `symbolon:request` payload, beyond the shared shape check. */
import { describe, expect, it } from 'vitest';
import { MAX_BRIDGE_DEPTH, validateBridgeRequest } from '../../../electron/main/request-validation.js';

describe('validateBridgeRequest', () => {
  it('passes a well-formed request through, with header names lower-cased', () => {
    expect(validateBridgeRequest({ method: 'PUT', path: 'sys/unseal', headers: { 'X-Vault-Token': 's.abc' }, body: { key: 'AAAA', reset: false } }))
      .toEqual({ method: 'PUT', path: 'sys/unseal', headers: { 'x-vault-token': 's.abc' }, body: { key: 'AAAA', reset: false } });
  });

  it('turns LIST into GET ?list=true, the form the shared pipeline understands', () => {
    expect(validateBridgeRequest({ method: 'LIST', path: 'secret/metadata' })).toMatchObject({ method: 'GET', path: 'secret/metadata?list=true' });
    expect(validateBridgeRequest({ method: 'LIST', path: 'secret/metadata?x=1' })).toMatchObject({ path: 'secret/metadata?x=1&list=true' });
  });

  it.each([
    ['a method outside the allow-list', { method: 'PATCH', path: 'sys/health' }, /method/],
    ['a path with ..', { method: 'GET', path: 'sys/../../etc' }, /path/],
    ['a path with .. hidden in the query', { method: 'GET', path: 'sys/health?x=../y' }, /\.\./],
    ['a percent-encoded dot', { method: 'GET', path: 'sys/%2E%2e/init' }, /encoded dot/],
    ['a fragment', { method: 'GET', path: 'sys/health#x' }, /fragment/],
    ['an absolute path', { method: 'GET', path: '/v1/sys/health' }, /relative/],
    ['a scheme', { method: 'GET', path: 'http://evil/x' }, /relative/],
    ['an over-long path', { method: 'GET', path: 'a'.repeat(2049) }, /longer than 2048/],
    ['a Host header', { method: 'GET', path: 'sys/health', headers: { Host: 'evil' } }, /not allowed/],
    ['an Origin header', { method: 'GET', path: 'sys/health', headers: { Origin: 'https://evil' } }, /not allowed/],
    ['an Authorization header', { method: 'GET', path: 'sys/health', headers: { Authorization: 'Bearer x' } }, /not allowed/],
    ['a non-object', 'GET sys/health', /object/],
  ])('refuses %s', (_name, payload, message) => {
    expect(() => validateBridgeRequest(payload)).toThrow(message);
  });

  it.each([
    ['a Date', { when: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['a typed array', { bytes: new Uint8Array(4) }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a bigint', { n: 1n }],
    ['undefined inside an array', [undefined]],
  ])('refuses a body holding %s (not JSON)', (_name, body) => {
    expect(() => validateBridgeRequest({ method: 'PUT', path: 'sys/init', body })).toThrow(/JSON/);
  });

  it('refuses a body nested deeper than the limit, and accepts one at the limit', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { a: nest(levels - 1) });
    expect(() => validateBridgeRequest({ method: 'PUT', path: 'x', body: nest(MAX_BRIDGE_DEPTH) })).not.toThrow();
    expect(() => validateBridgeRequest({ method: 'PUT', path: 'x', body: nest(MAX_BRIDGE_DEPTH + 2) })).toThrow(RangeError);
  });

  it('refuses a body larger than the byte limit, counted in UTF-8', () => {
    expect(() => validateBridgeRequest({ method: 'PUT', path: 'x', body: { s: 'é'.repeat(60) } }, 100)).toThrow(/bytes; the limit is 100/);
    expect(() => validateBridgeRequest({ method: 'PUT', path: 'x', body: { s: 'e'.repeat(60) } }, 100)).not.toThrow();
  });
});
