/**
 * The rotation API answers in Vault's words ("max_operations must be in the range
 * [1000000,3865470566]", "time: invalid duration"); the operator reads the form's own labels.
 * These map one onto the other; anything unrecognised is shown as the API worded it.
 */
import type { UiError } from '../../store/types.js';

const number = (digits: string): string => Number(digits).toLocaleString('en-US');

export function humanRotateMessage(message: string): string {
  const range = /max_operations must be in the range \[(\d+),(\d+)\]/.exec(message);
  if (range?.[1] && range[2]) return `Maximum encryptions per term must be a whole number between ${number(range[1])} and ${number(range[2])}.`;
  const least = /interval must be greater or equal to (\S+)/.exec(message);
  if (least?.[1]) return `Rotation interval must be 0 (off) or at least ${least[1].replace(/0m0s$/, '').replace(/([hm])0s$/, '$1')} (e.g. 720h for 30 days).`;
  if (/duration|interval/.test(message)) return 'Rotation interval must be 0 (off) or a duration such as 24h or 720h.';
  if (/max_operations/.test(message)) return 'Maximum encryptions per term must be a whole number, e.g. 3865470566.';
  return message;
}

export function humanRotateError(error: UiError | null): UiError | null {
  return error === null ? null : { ...error, message: humanRotateMessage(error.message) };
}
