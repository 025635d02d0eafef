/**
 * Errors the core raises on purpose. Each carries a stable code and a kind, which the API maps to
 * its own answer (api/errors.ts). Anything else thrown from the core is a bug, an internal error.
 * `context` holds non-secret details only (share index, custodian name).
 */
export type CoreErrorKind = 'invalid' | 'permission' | 'not-found' | 'conflict' | 'sealed' | 'uninitialized' | 'quota';

export type ErrorContext = Record<string, string | number | boolean | null | string[] | number[]>;

export class CoreError extends Error {
  readonly kind: CoreErrorKind;
  readonly code: string;
  readonly context: ErrorContext;

  constructor(kind: CoreErrorKind, code: string, message: string, context: ErrorContext = {}) {
    super(message);
    this.name = 'CoreError';
    this.kind = kind;
    this.code = code;
    this.context = context;
  }
}

export const invalid = (code: string, message: string, context?: ErrorContext): CoreError =>
  new CoreError('invalid', code, message, context);

/** Vault clients look for exactly this message to recognise a sealed server. */
export const SEALED_MESSAGE = 'Vault is sealed';
export const sealedError = (): CoreError => new CoreError('sealed', 'SEALED', SEALED_MESSAGE);
