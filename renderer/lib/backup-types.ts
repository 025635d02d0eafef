/**
 * The Backup screen's answers (Symbolon's `sys/storage/snapshot?encoding=base64` and
 * `sys/storage/drill`), read tolerantly like every other answer.
 */
import { asObject, bool, dataOf, num, objects, str } from './read.js';

export interface SnapshotFile {
  filename: string;
  bytes: Uint8Array<ArrayBuffer>;
  size: number;
  sha256: string;
  generation: number | null;
}

export interface DrillOutcome {
  opened: boolean;
  keyringId: string;
  generation: number | null;
  activeTerm: number | null;
  records: number | null;
  recordsOpened: number | null;
  shares: string[];
  auditHead: number | null;
  integrity: string;
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function readSnapshot(body: unknown): SnapshotFile {
  const o = dataOf(body);
  return {
    filename: str(o, 'filename') ?? 'symbolon-backup.db',
    bytes: base64ToBytes(str(o, 'backup') ?? ''),
    size: num(o, 'size') ?? 0,
    sha256: str(o, 'sha256') ?? '',
    generation: num(o, 'generation') ?? null,
  };
}

export function readDrill(body: unknown): DrillOutcome {
  const o = dataOf(body);
  return {
    opened: bool(o, 'opened') ?? false,
    keyringId: str(o, 'keyring_id') ?? '',
    generation: num(o, 'generation') ?? null,
    activeTerm: num(o, 'active_term') ?? null,
    records: num(o, 'records') ?? null,
    recordsOpened: num(o, 'records_opened') ?? null,
    shares: objects(o, 'shares').map((s) => `${num(s, 'index') ?? '?'} (${str(s, 'custodian') ?? ''})`),
    auditHead: num(asObject(o['audit_head']), 'seq') ?? null,
    integrity: str(o, 'integrity') ?? '',
  };
}
