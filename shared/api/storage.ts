/** Symbolon's sys/storage/snapshot and sys/storage/drill (API.md, "sys/storage"). */

/** `GET sys/storage/snapshot?encoding=base64` (logical envelope): the backup file as base64. */
export interface SnapshotData {
  backup: string;
  filename: string;
  size: number;
  sha256: string;
  generation: number;
  term: number;
}

/** `PUT sys/storage/drill`: a backup (base64) and shares that should open it. */
export interface DrillRequest {
  backup: string;
  keys: string[];
}

/** `PUT sys/storage/drill` (logical envelope): what opened, and the backup's own facts. */
export interface DrillData {
  opened: true;
  keyring_id: string;
  keyring_name: string | null;
  generation: number;
  threshold: number;
  active_term: number;
  records: number;
  records_opened: number;
  shares: { index: number; custodian: string }[];
  /** The backup's audit chain head, when its chain is intact. */
  audit_head: { seq: number; hash: string } | null;
  audit_ok: boolean;
  integrity: string;
}
