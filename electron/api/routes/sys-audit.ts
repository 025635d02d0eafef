/**
 * The audit device, in Vault's shapes where Vault has them: `sys/audit` lists one built-in device
 * (`file/`: the hash-chained log inside the keyring file; it cannot be disabled or added to),
 * `sys/audit-hash/<device>` returns the HMAC a value has in entries. Symbolon adds, for the UI
 * and for witnesses: `sys/audit/log?from=&limit=` (read + sudo) and `sys/audit/verify` (read).
 */
import type { AuditRow } from '../../core/core.js';
import type { AuditEntryResponse, AuditLogData, AuditVerifyData } from '../../../shared/api/audit.js';
import { HttpError } from '../errors.js';
import { logical } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';

export const AUDIT_DEVICE = 'file';
const DEFAULT_PAGE = 1000;
const MAX_PAGE = 10_000;

function device() {
  return {
    type: AUDIT_DEVICE,
    description: 'hash-chained audit log inside the keyring file (built in)',
    options: { hmac: 'hmac-sha256', chain: 'sha256' },
    local: true,
    path: `${AUDIT_DEVICE}/`,
  };
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new HttpError(400, 'INVALID_REQUEST', `'${name}' must be a positive integer`);
  return Math.min(Number(value), max);
}

/** A row for the UI: the entry's fields, then the chain fields, then the exact hashed text. */
function rowView(row: AuditRow): AuditEntryResponse {
  let fields: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(row.entry) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
  } catch {
    // A damaged entry is still shown (by its text); verification reports it.
  }
  return { ...fields, seq: row.seq, time: row.time, prev_hash: row.prev_hash, hash: row.hash, entry: row.entry };
}

function readLog(req: ApiRequest) {
  const from = positiveInt(req.query['from'], 'from', 1, Number.MAX_SAFE_INTEGER);
  const limit = positiveInt(req.query['limit'], 'limit', DEFAULT_PAGE, MAX_PAGE);
  const rows = req.core.audit.rows(from, limit + 1);
  const page = rows.slice(0, limit);
  const data: AuditLogData = { entries: page.map(rowView), total: req.core.audit.count(), next_from: rows.length > limit ? (rows[limit]?.seq ?? null) : null };
  return logical({ ...data }, { requestId: req.requestId });
}

function checkDevice(name: string | undefined): void {
  if (name !== AUDIT_DEVICE) throw new HttpError(400, 'UNKNOWN_AUDIT_DEVICE', `unknown audit device "${String(name).slice(0, 64)}": the only device is "${AUDIT_DEVICE}"`);
}

export const sysAuditRoutes: Route[] = [
  {
    path: 'sys/audit',
    auth: 'token',
    sudo: true,
    handlers: { read: (req) => logical({ [`${AUDIT_DEVICE}/`]: device() }, { requestId: req.requestId, topLevel: true }) },
  },
  {
    // Enabling or disabling devices: the one device is built in and always on.
    path: 'sys/audit/:name',
    auth: 'token',
    sudo: true,
    handlers: {
      update: () => {
        throw new HttpError(400, 'AUDIT_BUILT_IN', 'audit devices are built in: every request is always recorded in the keyring file\'s hash-chained log');
      },
      delete: () => {
        throw new HttpError(400, 'AUDIT_BUILT_IN', 'the built-in audit device cannot be disabled');
      },
    },
  },
  {
    path: 'sys/audit/log',
    auth: 'token',
    sudo: true,
    handlers: { read: readLog },
  },
  {
    path: 'sys/audit/verify',
    auth: 'token',
    handlers: {
      read: (req) => {
        const v = req.core.audit.verify();
        const data: AuditVerifyData = { ok: v.ok, valid: v.ok, entries: v.entries, first_broken: v.firstBroken, reason: v.reason, head: v.head };
        return logical({ ...data }, { requestId: req.requestId });
      },
    },
  },
  {
    path: 'sys/audit-hash/:device',
    auth: 'token',
    handlers: {
      update: (req) => {
        checkDevice(req.params['device']);
        const input = req.body['input'];
        if (typeof input !== 'string') throw new HttpError(400, 'INVALID_REQUEST', "'input' must be a string");
        const hash = req.core.auditHmac.hash(input);
        // Unreachable while sealed (the pipeline answers 503 first); kept as a guard.
        if (hash === null) throw new HttpError(503, 'SEALED', 'Vault is sealed');
        return logical({ hash }, { requestId: req.requestId, topLevel: true });
      },
    },
  },
];
