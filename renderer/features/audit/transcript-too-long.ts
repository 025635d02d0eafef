/**
 * What the Audit and Done screens say when the transcript is longer than they read
 * (audit-slice.ts, AUDIT_READ_LIMIT): the entries read stop short of the chain head and of the
 * latest ceremonies, so neither may be shown or printed as if they were the latest.
 */
import { AUDIT_READ_LIMIT } from '../../store/audit-slice.js';

const LIMIT = AUDIT_READ_LIMIT.toLocaleString('en-US');

export const TRANSCRIPT_TOO_LONG =
  `The transcript holds more than ${LIMIT} entries and only the first ${LIMIT} were read, `
  + 'so the latest ceremonies and the chain head are not among them (the ceremonies listed are the earliest). Archive the older entries '
  + '(`symbolon audit archive`, or PUT sys/audit/archive), then reload.';
