/**
 * Bytes for secrets (keys, shares) that a wipe really wipes. V8 keeps a typed array of up to 64
 * bytes created by length *inside* the JS heap, where the garbage collector moves it and leaves
 * the old copy behind, out of reach of `fill(0)`. An explicit ArrayBuffer's memory is allocated
 * once outside the heap and never moved, so zeroing it zeroes the only copy.
 */
export function secretBytes(length: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(length));
}

/** An unmovable copy of `bytes` (see secretBytes); the caller wipes both when done. */
export function copySecret(bytes: Uint8Array): Uint8Array {
  const copy = secretBytes(bytes.length);
  copy.set(bytes);
  return copy;
}
