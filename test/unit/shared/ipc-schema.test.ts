/**
 * The single IPC channel: its name is derived from the schema, and the payload check the main
 * process runs refuses anything that is not a plain relative API request.
 */
import { describe, expect, it } from 'vitest';
import { channelName, parseSymbolonRequest, REQUEST_CHANNEL } from '../../../shared/ipc-schema.js';

describe('ipc schema', () => {
  it('names the one channel symbolon:request', () => {
    expect(REQUEST_CHANNEL).toBe('symbolon:request');
    expect(channelName('symbolon', 'request')).toBe(REQUEST_CHANNEL);
  });

  it('accepts a well-formed request and keeps only known fields', () => {
    const req = parseSymbolonRequest({ method: 'PUT', path: 'sys/unseal?custom_audit=x', headers: { 'X-Vault-Token': 'hvs.a' }, body: { key: 'k' }, extra: 1 });
    expect(req).toEqual({ method: 'PUT', path: 'sys/unseal?custom_audit=x', headers: { 'X-Vault-Token': 'hvs.a' }, body: { key: 'k' } });
  });

  it.each([
    [null, /must be an object/],
    [[], /must be an object/],
    [{ method: 'PATCH', path: 'sys/seal' }, /method must be one of/],
    [{ method: 'GET', path: '' }, /non-empty/],
    [{ method: 'GET', path: '/v1/sys/seal' }, /relative API path/],
    [{ method: 'GET', path: '../etc/passwd' }, /relative API path/],
    [{ method: 'GET', path: 'sys/../../x' }, /relative API path/],
    [{ method: 'GET', path: 'http://evil/x' }, /relative API path/],
    [{ method: 'GET', path: 'sys//seal' }, /relative API path/],
    [{ method: 'GET', path: 'sys\\seal' }, /relative API path/],
    [{ method: 'GET', path: 'sys/seal\n' }, /control characters/],
    [{ method: 'GET', path: 'x'.repeat(3000) }, /longer than/],
    [{ method: 'GET', path: 'sys/seal', headers: { 'X-A': 'a\r\nb' } }, /single-line/],
    [{ method: 'GET', path: 'sys/seal', headers: { 'Bad Name': 'a' } }, /invalid header name/],
    [{ method: 'GET', path: 'sys/seal', headers: { 'X-A': 1 } }, /single-line string/],
  ])('refuses %j', (value, message) => {
    expect(() => parseSymbolonRequest(value)).toThrow(message);
  });

  it('is the one check: headers outside the IPC allow-list, non-JSON bodies and oversized bodies are refused here too', () => {
    expect(() => parseSymbolonRequest({ method: 'GET', path: 'sys/seal', headers: { Origin: 'https://evil' } })).toThrow(/not allowed/);
    expect(() => parseSymbolonRequest({ method: 'GET', path: 'sys/health?x=../y' })).toThrow(/encoded dot or a fragment/);
    expect(() => parseSymbolonRequest({ method: 'PUT', path: 'sys/init', body: { when: new Date(0) } })).toThrow(/JSON values/);
    expect(() => parseSymbolonRequest({ method: 'PUT', path: 'sys/init', body: { s: 'é'.repeat(60) } }, 100)).toThrow(/bytes; the limit is 100/);
  });
});
