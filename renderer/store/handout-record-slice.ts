/**
 * What happened at each custodian's hand-out, for the completion screen of init and rekey: who
 * printed their handout, who saved their share to a file (both from this UI's own record of the
 * click), and who proved their share (only from the server's answer at init verify or rekey
 * verify). These are facts about the ceremony, not secrets: no share text is kept here, and like
 * the whole store it lives in memory only. The roster is copied in when the shares arrive, so the
 * completion screen can still name everyone after the shares are wiped.
 */
import type { Slice } from './types.js';

export type HandoutCeremony = 'init' | 'rekey';
export type HandoutFact = 'printed' | 'saved' | 'proven';

export interface HandoutRecordRow {
  index: number;
  custodian: string;
  /** Lower- or upper-case hex as the server gave it; '' without PGP. */
  fingerprint: string;
  printed: boolean;
  saved: boolean;
  proven: boolean;
}

export interface HandoutRecordSlice {
  handoutRecord: Record<HandoutCeremony, HandoutRecordRow[]>;
  /** A new share set was issued: one row per share, nothing done yet. */
  beginHandoutRecord(ceremony: HandoutCeremony, roster: readonly { index: number; custodian: string; fingerprint: string }[]): void;
  /** Marks one fact for the share with this index (unknown indexes are ignored). */
  noteHandout(ceremony: HandoutCeremony, index: number, fact: HandoutFact): void;
  /** The server started the proofs over (a failed rekey verification): nobody counts as proven. */
  forgetProofs(ceremony: HandoutCeremony): void;
}

export const createHandoutRecordSlice: Slice<HandoutRecordSlice> = () => (set, get) => ({
  handoutRecord: { init: [], rekey: [] },
  beginHandoutRecord(ceremony, roster) {
    const rows = roster.map((r) => ({ index: r.index, custodian: r.custodian, fingerprint: r.fingerprint, printed: false, saved: false, proven: false }));
    set({ handoutRecord: { ...get().handoutRecord, [ceremony]: rows } });
  },
  noteHandout(ceremony, index, fact) {
    const rows = get().handoutRecord[ceremony];
    if (!rows.some((r) => r.index === index && !r[fact])) return;
    set({ handoutRecord: { ...get().handoutRecord, [ceremony]: rows.map((r) => (r.index === index ? { ...r, [fact]: true } : r)) } });
  },
  forgetProofs(ceremony) {
    set({ handoutRecord: { ...get().handoutRecord, [ceremony]: get().handoutRecord[ceremony].map((r) => ({ ...r, proven: false })) } });
  },
});
