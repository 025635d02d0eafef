/**
 * The transcript as the witnesses lived it: ceremonies (initialize, unseal, seal, rekey,
 * generate root, rotate) rather than HTTP requests. Built from the ceremony entries the core
 * appends (type "ceremony", "rotation", "rewrap", "rotation-config"); request entries are not
 * ceremonies and are left to the raw table. Each ceremony ends at a chain entry whose hash is the
 * head a printed record carries (`symbolon audit verify --head`).
 */
import type { AuditRequestEntry } from '../../../shared/api/audit.js';
import type { AuditEntry } from '../../lib/audit-types.js';
import { num, objects, str, strings, wire } from '../../lib/read.js';
import type { Json } from '../../lib/read.js';

export interface CeremonyStep {
  seq: number | null;
  time: string;
  text: string;
}

export interface CeremonyCustodian {
  index: number;
  name: string;
  fingerprint: string;
}

export interface Ceremony {
  /** Stable within one transcript: the seq of its first entry. */
  id: string;
  /** What kind of ceremony: init, unseal, seal, rekey, generate-root, rotate, rotation-config. */
  kind: string;
  title: string;
  steps: CeremonyStep[];
  custodians: CeremonyCustodian[];
  changes: string[];
  /** The last chain entry of this ceremony: what its printed record carries. */
  head: { seq: number | null; hash: string };
}

const TITLES: Record<string, string> = {
  init: 'Initialize',
  unseal: 'Unseal',
  seal: 'Seal',
  rekey: 'Rekey',
  'generate-root': 'Generate root token',
};

/** Custodians as entries list them: {index, custodian, fingerprint} (init, rekey commit) or a plan's names. */
function custodiansOf(o: Json): CeremonyCustodian[] {
  const listed = objects(o, 'custodians');
  if (listed.length > 0) {
    return listed.map((c, i) => ({ index: num(c, 'index') ?? i + 1, name: str(c, 'custodian') ?? '', fingerprint: str(c, 'fingerprint') ?? '' }));
  }
  const fingerprints = strings(o, 'pgp_fingerprints');
  return strings(o, 'custodians').map((name, i) => ({ index: i + 1, name, fingerprint: fingerprints[i] ?? '' }));
}

/** What one ceremony entry says happened, in words. */
function stepText(o: Json): string {
  const step = str(o, 'step') ?? '';
  const who = str(o, 'custodian');
  const index = num(o, 'share_index');
  switch (step) {
    case 'initialized': return `Keyring initialized: ${num(o, 'threshold') ?? '?'} of ${num(o, 'shares') ?? '?'}, generation ${num(o, 'generation') ?? 1}`;
    case 'share-accepted': return `Share ${index ?? '?'} accepted${who ? ` from ${who}` : ''}${num(o, 'progress') !== undefined ? ` (${num(o, 'progress')} of ${num(o, 'threshold') ?? '?'})` : ''}`;
    case 'verify-share-accepted': return `Share ${index ?? '?'} proven${who ? ` by ${who}` : ''}${num(o, 'progress') !== undefined ? ` (${num(o, 'progress')} of ${num(o, 'required') ?? '?'})` : ''}`;
    case 'pending-verification': return `Shares issued: ${num(o, 'threshold') ?? '?'} of ${num(o, 'shares') ?? '?'}, each to be proven before the keyring exists`;
    case 'committed': return `New shares committed: generation ${num(o, 'from_generation') ?? '?'} → ${num(o, 'generation') ?? '?'}`;
    case 'sealed': return `Keyring sealed${str(o, 'reason') ? ` (${str(o, 'reason')})` : ''}`;
    case 'completed': return 'New root token issued';
    default: return step.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

function changesOf(o: Json): string[] {
  const type = str(o, 'type');
  if (type === 'rotation') return [`Key term ${num(o, 'previous_term') ?? '?'} → ${num(o, 'term') ?? '?'} (${str(o, 'reason') ?? 'manual'})`];
  if (type === 'rotation-config') return [`Auto-rotation ${o['enabled'] === false ? 'off' : 'on'}: at ${num(o, 'max_operations')?.toLocaleString('en-US') ?? '?'} encryptions`];
  const step = str(o, 'step');
  if (step === 'initialized') return [`Generation ${num(o, 'generation') ?? 1}`, `Threshold ${num(o, 'threshold') ?? '?'} of ${num(o, 'shares') ?? '?'}`];
  if (step === 'committed') return [`Generation ${num(o, 'from_generation') ?? '?'} → ${num(o, 'generation') ?? '?'}`, `Threshold ${num(o, 'threshold') ?? '?'} of ${num(o, 'shares') ?? '?'}`];
  if (str(o, 'ceremony') === 'unseal' && step === 'unsealed') return ['Keyring unsealed'];
  return [];
}

/** Groups the transcript's ceremony entries into ceremonies, oldest first. */
export function ceremoniesOf(entries: readonly AuditEntry[]): Ceremony[] {
  const out: Ceremony[] = [];
  const open = new Map<string, Ceremony>();
  // Custodians by share index, from the latest init or rekey commit: unseal entries name the
  // custodian; the fingerprint comes from the share set they belong to.
  let known = new Map<number, CeremonyCustodian>();
  let lastRotation: Ceremony | null = null;

  for (const e of entries) {
    const o = e.raw;
    const type = str(o, 'type');
    if (type !== 'ceremony' && type !== 'rotation' && type !== 'rewrap' && type !== 'rotation-config') continue;
    const step: CeremonyStep = { seq: e.seq, time: e.time, text: type === 'rewrap' ? `Rewrap ${str(o, 'step') ?? ''}${num(o, 'rewrapped') !== undefined ? `: ${num(o, 'rewrapped')} records` : ''}` : type === 'rotation' ? `Rotated to term ${num(o, 'term') ?? '?'}` : type === 'rotation-config' ? 'Rotation settings changed' : stepText(o) };
    const kind = type === 'ceremony' ? (str(o, 'ceremony') ?? 'ceremony') : type === 'rewrap' ? 'rotate' : type;
    const nonce = str(o, 'nonce');
    const key = nonce ? `${kind}:${nonce}` : null;
    let c = key ? open.get(key) : undefined;
    if (!c && type === 'rewrap' && lastRotation) c = lastRotation;
    if (!c) {
      c = { id: String(e.seq ?? out.length), kind: type === 'rotation' ? 'rotate' : type === 'rotation-config' ? 'rotation-config' : kind, title: TITLES[kind] ?? (type === 'rotation' || kind === 'rotate' ? 'Rotate' : type === 'rotation-config' ? 'Rotation settings' : kind), steps: [], custodians: [], changes: [], head: { seq: e.seq, hash: e.hash } };
      out.push(c);
      if (key) open.set(key, c);
      if (type === 'rotation') lastRotation = c;
    }
    c.steps.push(step);
    c.changes.push(...changesOf(o));
    c.head = { seq: e.seq, hash: e.hash };
    const listed = custodiansOf(o);
    if (listed.length > 0) {
      c.custodians = listed;
      // Only a share set in force (init, rekey commit) names who holds which index from now on.
      if (str(o, 'step') === 'initialized' || str(o, 'step') === 'committed') known = new Map(listed.map((x) => [x.index, x]));
    }
    const index = num(o, 'share_index');
    if (index !== undefined && !c.custodians.some((x) => x.index === index) && str(o, 'step') === 'share-accepted') {
      const k = known.get(index);
      c.custodians.push({ index, name: str(o, 'custodian') ?? k?.name ?? '', fingerprint: k?.fingerprint ?? '' });
    }
  }
  return out;
}

/** The most recent ceremony of this kind (the one a Done screen has just finished), or null. */
export function latestCeremony(ceremonies: readonly Ceremony[], kind: string): Ceremony | null {
  return [...ceremonies].reverse().find((c) => c.kind === kind) ?? null;
}

/** The chain head of the whole transcript (its last entry), or null before any entry. */
export function chainHead(entries: readonly AuditEntry[]): { seq: number | null; hash: string } | null {
  const last = entries[entries.length - 1];
  return last && last.hash !== '' ? { seq: last.seq, hash: last.hash } : null;
}

/** SHA-256 hex as printed for reading aloud: upper case, groups of four. */
export function printedHash(hash: string): string {
  return hash.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** Whether a raw entry is the UI's own status polling (a successful read), hidden by default. */
export function isPolling(e: AuditEntry): boolean {
  const request = wire<AuditRequestEntry>(e.raw);
  return request.str('type') === 'request' && request.str('operation') === 'read' && (request.num('status') ?? 0) < 400;
}
