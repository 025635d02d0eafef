/** What node-vault rejects with: its error carries the HTTP response (Vault's error body). */
export interface NodeVaultError<Body = { errors?: string[] }> extends Error {
  response: { statusCode: number; body: Body };
}

/** Awaits a node-vault call that must fail and returns its error. */
export async function failure<Body = { errors?: string[] }>(promise: Promise<unknown>): Promise<NodeVaultError<Body>> {
  try {
    await promise;
  } catch (error) {
    return error as NodeVaultError<Body>;
  }
  throw new Error('expected the request to fail');
}
