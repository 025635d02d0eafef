/**
 * Backups of the keyring file, after Vault's `sys/storage/raft/snapshot`:
 *   GET sys/storage/snapshot       (sudo) streams a consistent copy of the keyring file
 *                                  (?encoding=base64: the same file inside a JSON reply, for the UI)
 *   PUT sys/storage/drill          (sudo) proves shares open a backup (in memory), audited here
 *   PUT sys/audit/archive          (sudo) moves the oldest audit entries to a JSON Lines file in
 *                                  the `audit-archives` folder beside the keyring (never elsewhere:
 *                                  a loopback caller must not be able to write files anywhere)
 * Symbolon additions; each maps HTTP to one core call.
 */
import { readFileSync } from 'node:fs';
import { AuditArchiveError, BackupError, parseAge } from '../../core/core.js';
import type { ArchiveCut } from '../../core/core.js';
import { HttpError } from '../errors.js';
import { logical } from '../reply.js';
import type { ApiReply } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import type { DrillData, SnapshotData } from '../../../shared/api/storage.js';

/** The drill takes the backup inside the JSON body, so its size is bounded by the body limit. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const who = (req: ApiRequest): string => req.tokenEntry?.displayName ?? 'unknown';

/** The core's file errors are the caller's to fix (a name taken, nothing to archive): 400. */
async function asBadRequest<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError || error instanceof AuditArchiveError) throw new HttpError(400, 'STORAGE_REFUSED', error.message);
    throw error;
  }
}

async function snapshot(req: ApiRequest): Promise<ApiReply> {
  const encoding = req.query['encoding'];
  if (encoding !== undefined && encoding !== 'base64') throw new HttpError(400, 'INVALID_REQUEST', "'encoding' may only be base64");
  // A wrapped snapshot would store a copy of the keyring inside the keyring: refused.
  if (req.headers['x-vault-wrap-ttl'] !== undefined) throw new HttpError(400, 'INVALID_REQUEST', 'a storage snapshot cannot be response-wrapped');
  const taken = await asBadRequest(() => req.core.backups.snapshot(who(req)));
  const id = (req.core.seal.config()?.keyringId ?? 'keyring').slice(0, 8);
  const filename = `symbolon-${id}-gen${taken.generation}-${new Date().toISOString().slice(0, 10)}.db`;
  if (encoding === 'base64') {
    // For the UI: the Electron bridge carries JSON text only, so the file travels as base64.
    let bytes: Buffer;
    try {
      bytes = readFileSync(taken.path);
    } finally {
      taken.discard();
    }
    const data: SnapshotData = { backup: bytes.toString('base64'), filename, size: taken.size, sha256: taken.sha256, generation: taken.generation, term: taken.term };
    return {
      ...logical({ ...data }, { requestId: req.requestId }),
      onSent: (sent) => { if (sent) taken.record(); },
    };
  }
  return {
    status: 200,
    headers: {
      'Content-Disposition': `attachment; filename="${filename}"`,
      'X-Symbolon-Backup-Sha256': taken.sha256,
      'X-Symbolon-Backup-Generation': String(taken.generation),
      'X-Symbolon-Backup-Term': String(taken.term),
    },
    file: { path: taken.path, size: taken.size },
    // Recorded as a backup only once it left whole: a copy the caller never received is none.
    onSent: (sent) => {
      taken.discard();
      if (sent) taken.record();
    },
  };
}

async function drill(req: ApiRequest): Promise<ApiReply> {
  const backup = req.body['backup'];
  const keys = req.body['keys'];
  if (typeof backup !== 'string' || backup === '' || !BASE64.test(backup)) throw new HttpError(400, 'INVALID_REQUEST', "'backup' must be the backup file in base64");
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 255) throw new HttpError(400, 'INVALID_REQUEST', "'keys' must be a list of 1..255 shares");
  const bytes = Buffer.from(backup, 'base64');
  const { facts, result } = await req.core.backups.drill(bytes, keys, who(req));
  const data: DrillData = {
    opened: true,
    keyring_id: facts.keyringId,
    keyring_name: facts.keyringName,
    generation: result.generation,
    threshold: facts.threshold,
    active_term: result.activeTerm,
    records: facts.records,
    records_opened: result.recordsOpened,
    shares: result.shares.map((s) => ({ index: s.index, custodian: s.custodian })),
    audit_head: facts.audit.head,
    audit_ok: facts.audit.ok,
    integrity: facts.integrity,
  };
  return logical({ ...data }, { requestId: req.requestId });
}

function archiveCut(body: Readonly<Record<string, unknown>>): ArchiveCut {
  const before = body['before'];
  const olderThan = body['older_than'];
  if ((before === undefined) === (olderThan === undefined)) throw new HttpError(400, 'INVALID_REQUEST', "give exactly one of 'before' (a sequence number) or 'older_than' (an age such as 90d)");
  if (before !== undefined) {
    if (typeof before !== 'number' || !Number.isSafeInteger(before) || before < 1) throw new HttpError(400, 'INVALID_REQUEST', "'before' must be a positive integer");
    return { before };
  }
  if (typeof olderThan !== 'string') throw new HttpError(400, 'INVALID_REQUEST', "'older_than' must be an age such as 90d");
  try {
    return { olderThan: new Date(Date.now() - parseAge(olderThan)) };
  } catch (error) {
    throw new HttpError(400, 'INVALID_REQUEST', (error as Error).message);
  }
}

/** A plain file name: the API writes archives only into the keyring's own archive folder. */
const ARCHIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jsonl$/;

async function archive(req: ApiRequest): Promise<ApiReply> {
  const name = req.body['name'];
  if (typeof name !== 'string' || !ARCHIVE_NAME.test(name)) throw new HttpError(400, 'INVALID_REQUEST', "'name' must be a file name ending in .jsonl (letters, digits, '.', '_', '-')");
  const cut = archiveCut(req.body);
  const result = await asBadRequest(() => req.core.backups.archive(name, cut));
  return logical(
    { path: result.path, first: result.first, last: result.last, entries: result.entries, sha256: result.sha256, anchor: result.anchor },
    { requestId: req.requestId },
  );
}

export const sysStorageRoutes: Route[] = [
  { path: 'sys/storage/snapshot', auth: 'token', sudo: true, handlers: { read: snapshot } },
  { path: 'sys/storage/drill', auth: 'token', sudo: true, handlers: { update: drill } },
  { path: 'sys/audit/archive', auth: 'token', sudo: true, handlers: { update: archive } },
];
