/**
 * The Backup screen's answers (Symbolon's `sys/storage/snapshot?encoding=base64` and
 * `sys/storage/drill`), read from the shapes in shared/api like every other answer.
 */
import type { DrillData, SnapshotData } from '../../shared/api/storage.js';
import { dataOf, wire } from './read.js';

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
  const o = wire<SnapshotData>(dataOf(body));
  return {
    filename: o.str('filename') ?? 'symbolon-backup.db',
    bytes: base64ToBytes(o.str('backup') ?? ''),
    size: o.num('size') ?? 0,
    sha256: o.str('sha256') ?? '',
    generation: o.num('generation') ?? null,
  };
}

export function readDrill(body: unknown): DrillOutcome {
  const o = wire<DrillData>(dataOf(body));
  return {
    opened: o.bool('opened') ?? false,
    keyringId: o.str('keyring_id') ?? '',
    generation: o.num('generation') ?? null,
    activeTerm: o.num('active_term') ?? null,
    records: o.num('records') ?? null,
    recordsOpened: o.num('records_opened') ?? null,
    shares: o.objects('shares').map((entry) => {
      const s = wire<DrillData['shares'][number]>(entry);
      return `${s.num('index') ?? '?'} (${s.str('custodian') ?? ''})`;
    }),
    auditHead: wire<NonNullable<DrillData['audit_head']>>(o.value('audit_head')).num('seq') ?? null,
    integrity: o.str('integrity') ?? '',
  };
}
