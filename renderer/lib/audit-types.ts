/**
 * Audit transcript shapes (`GET sys/audit/log`, `GET sys/audit/verify`), read from the shapes in
 * shared/api. What an entry holds besides its chain fields depends on its type (a request, a
 * ceremony step, a rotation), so that part is read tolerantly. Entries never contain shares
 * (DESIGN.md "Transcript"); they are shown and exported as they come.
 */
import type { AuditEntryResponse, AuditLogData, AuditRequestEntry, AuditResponseView, AuditVerifyData } from '../../shared/api/audit.js';
import { asObject, dataOf, num, str, wire } from './read.js';
import type { Json } from './read.js';

export interface AuditEntry {
  seq: number | null;
  time: string;
  operation: string;
  path: string;
  detail: string;
  hash: string;
  raw: Json;
}

export interface AuditVerification {
  valid: boolean;
  entries: number | null;
  message: string;
  brokenAt: number | null;
}

/** Custodian and share index wherever an entry keeps them (top level, context, response). */
function ceremonyDetail(o: Json): string[] {
  const response = asObject(o.response);
  const places = [o, asObject(o.context), asObject(o.ceremony), asObject(response.context), asObject(response.body)];
  // Values recorded while sealed are omitted and others are HMACs: neither tells a witness anything.
  const custodian = places.map((p) => str(p, 'custodian')).find((x) => x !== undefined && !x.startsWith('[omitted') && !x.startsWith('hmac-sha256:'));
  const shareIndex = places.map((p) => num(p, 'share_index')).find((x) => x !== undefined);
  return [custodian !== undefined ? `custodian ${custodian}` : '', shareIndex !== undefined ? `share ${shareIndex}` : ''];
}

export function readAuditLog(body: unknown): AuditEntry[] {
  return wire<AuditLogData>(dataOf(body)).objects('entries').map((o) => {
    const chain = wire<AuditEntryResponse>(o);
    // A request entry's fields as shared/api/audit.ts names them; a ceremony step's as the core's
    // ceremonies write them (`ceremony`, `step`); anything else by its `type`.
    const request = wire<AuditRequestEntry>(o);
    const status = request.num('status');
    const errorText = request.str('error_code') ?? '';
    const message = wire<AuditResponseView>(request.value('response')).str('message') ?? '';
    const detail = [...ceremonyDetail(o), errorText, message].filter((x) => x !== '').join(', ');
    const ceremony = str(o, 'ceremony');
    const op = ceremony !== undefined ? `${ceremony}: ${str(o, 'step') ?? ''}` : (request.str('operation') ?? request.str('type') ?? '');
    return {
      seq: chain.num('seq') ?? null,
      time: chain.str('time') ?? '',
      operation: status !== undefined ? `${op} → ${status}` : op,
      path: request.str('path') ?? '',
      detail,
      hash: chain.str('hash') ?? '',
      raw: o,
    };
  });
}

/** Where the next page starts (`next_from`), or null on the last page. */
export function nextAuditPage(body: unknown): number | null {
  return wire<AuditLogData>(dataOf(body)).num('next_from') ?? null;
}

export function readAuditVerification(body: unknown): AuditVerification {
  const o = wire<AuditVerifyData>(dataOf(body));
  const valid = o.bool('valid') ?? false;
  return {
    valid,
    entries: o.num('entries') ?? null,
    message: o.str('reason') ?? (valid ? 'The chain is intact.' : 'The chain is broken.'),
    brokenAt: o.num('first_broken') ?? null,
  };
}

/** JSON Lines export of the entries exactly as the server gave them. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e.raw)).join('\n') + (entries.length > 0 ? '\n' : '');
}
