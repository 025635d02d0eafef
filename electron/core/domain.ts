/**
 * The core's vocabulary for electron/api, re-exported by core.ts (the one door; lint keeps the api
 * out of every other core module). Two groups: the values the core's services take and return,
 * and the domain rules the api applies while it reads a request (and audits it), so that a refusal comes in
 * Vault's words before any service runs. The wire shapes themselves are in shared/api.
 */

// ── Values the services take and return ──────────────────────────────────────────────────────
// Seal and ceremonies (shares, init, rekey, generate root).
export type { DecodedShare } from './seal/share-judge.js';
export type { IssuedShare } from './seal/share-set.js';
export type { SealState } from './seal/seal.js';
export type { InitPlan } from './seal/initialize.js';
export type { InitVerifyState } from './seal/init-verify.js';
export type { RekeyStart, Verification } from './seal/rekey-plan.js';
export type { RekeyState, VerifyState } from './seal/rekey.js';
export type { GenerateRootState } from './seal/generate-root.js';
// Keys over time: rotation and rewrap.
export type { RotationConfig } from './barrier/keyring.js';
export type { RotationConfigChange } from './barrier/rotation.js';
export type { RewrapProgress } from './barrier/rewrap.js';
// Secrets, tokens, wrapping.
export type { KvConfigChange, KvSettings } from './kv/kv-store.js';
export type { KeyMetadata, VersionInfo } from './kv/kv-metadata.js';
export type { CreateRequest } from './tokens/token-lifecycle.js';
export type { StoredToken, TokenEntry } from './tokens/token-store.js';
export type { WrapInfo, WrappingDetails } from './wrapping/wrapping-store.js';
// Audit and backups.
export type { AuditRow } from './audit/audit-log.js';
export type { ArchiveCut } from './audit/audit-archive.js';
export type { Hasher, PlainKeys } from './audit/audit-redact.js';
export { AuditArchiveError } from './audit/audit-archive.js';
export { BackupError } from './storage/backup.js';
// The build's version, as sys/seal-status and sys/health report it.
export { SYMBOLON_VERSION } from './version.js';

// ── Rules applied while reading a request ────────────────────────────────────────────────────
// Shares and share configurations (Vault's SealConfig.Validate words, with its prefixes).
export { decodeShare } from './seal/share-judge.js';
export { INIT_CONFIG_PREFIX, shareConfig } from './seal/share-config.js';
export { REKEY_CONFIG_PREFIX } from './seal/rekey-plan.js';
export { readKeyringName } from './seal/keyring-name.js';
// Names and paths.
export { checkSecretPath } from './kv/kv-path.js';
export { policyName } from './policy/policy-store.js';
export { tokenHash } from './tokens/token-store.js';
// Vault's durations and TTLs, and the audit archive's ages.
export { DurationError, formatGoDuration, parseDurationSeconds } from './duration.js';
export { ttlSeconds } from './tokens/ttl.js';
export { parseAge } from './audit/audit-archive.js';
// What a request's audit entry may show.
export { OMITTED, redactValues } from './audit/audit-redact.js';
