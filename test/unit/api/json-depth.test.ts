/**
 * jsonDepthExceeds (electron/api/json-depth.ts): the nesting limit the API applies to request
 * bodies before parsing them, so that a deeply nested body is a 400 and not a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../../electron/api/json-depth.js';

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('allows exactly the limit and refuses one level more, for objects and arrays', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds('['.repeat(3) + ']'.repeat(3), 3)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(4) + ']'.repeat(4), 3)).toBe(true);
  });

  it('counts nesting, not the number of siblings', () => {
    expect(jsonDepthExceeds(JSON.stringify(Array.from({ length: 5000 }, () => ({ a: [1] }))), 3)).toBe(false);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(jsonDepthExceeds(JSON.stringify({ v: '[[[[{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ v: 'say \\"[[[[\\" \\\\', w: '{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds('{"v":"\\\\"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"v":"\\\\","w":[[1]]}', 2)).toBe(true);
  });

  it('sees a 10,000-deep body that V8 would parse but not stringify', () => {
    const text = nested(10_000);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(jsonDepthExceeds(text)).toBe(true);
  });

  it('checks its inputs', () => {
    expect(() => jsonDepthExceeds(5 as unknown as string)).toThrow(TypeError);
    expect(() => jsonDepthExceeds('{}', 0)).toThrow(RangeError);
    expect(() => jsonDepthExceeds('{}', 1.5)).toThrow(RangeError);
  });
});
