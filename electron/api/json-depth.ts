/**
 * Nesting depth of a JSON text, measured on the text before it is parsed (RFC 8259 §9 lets a
 * parser limit depth). V8 parses any depth, but JSON.stringify and every recursive walk over a
 * request body (KV values, policies) overflow the stack a few thousand levels down, which would
 * be a 500; the API refuses such bodies up front with a 400 instead. Go's encoding/json, which
 * Vault uses, likewise stops at a fixed depth.
 */

/** Deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 1000;

/** True when `text` opens more than `max` objects/arrays inside each other (strings skipped). */
export function jsonDepthExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  if (typeof text !== 'string') throw new TypeError('JSON text must be a string');
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max depth must be a positive integer');
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped, even a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}
