/**
 * Vault's generate-root one-time-pad decoding: `encoded_token` is base64 without padding of
 * (token XOR otp), byte by byte over their UTF-8 forms (both 28 characters: `hvs.` + 24 base62).
 * Done in the renderer so the new root token never crosses the API in the clear.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard or URL-safe base64, with or without padding. */
export function decodeBase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('base64 text must be a string');
  const clean = text.trim().replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (clean.length % 4 === 1) throw new RangeError('base64 text has an impossible length');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = BASE64.indexOf(ch);
    if (value < 0) throw new RangeError('base64 text contains a character outside the alphabet');
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Recovers the root token from Vault's OTP encoding. */
export function decodeOtpToken(encodedToken: string, otp: string): string {
  if (typeof encodedToken !== 'string' || encodedToken === '') throw new TypeError('encoded token must be a non-empty string');
  if (typeof otp !== 'string' || otp === '') throw new TypeError('OTP must be a non-empty string');
  const encoded = decodeBase64(encodedToken);
  const pad = new TextEncoder().encode(otp);
  if (encoded.length !== pad.length) {
    throw new RangeError(`encoded token is ${encoded.length} bytes but the OTP is ${pad.length}: wrong OTP for this attempt`);
  }
  const token = encoded.map((b, i) => b ^ (pad[i] ?? 0));
  return new TextDecoder('utf-8', { fatal: true }).decode(token);
}
