/**
 * The error body of every API answer of 4xx/5xx (API.md, "Errors"): Vault's `errors`, plus
 * Symbolon's stable `error_code`, the `message` again, and non-secret `context` (share index,
 * custodian name) so a screen can say whose share was refused.
 */
export type ErrorContext = Record<string, string | number | boolean | null | string[] | number[]>;

export interface ErrorResponse {
  errors: string[];
  error_code: string;
  message: string;
  context: ErrorContext;
}
