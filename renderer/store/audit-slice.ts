/**
 * Audit screen state: the ceremony transcript and the chain verification result. The endpoints
 * may be absent in a build (404): that is a clear "not available", not an error.
 */
import { nextAuditPage, readAuditLog, readAuditVerification } from '../lib/audit-types.js';
import type { AuditEntry, AuditVerification } from '../lib/audit-types.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface AuditSlice {
  auditEntries: AuditEntry[];
  auditVerification: AuditVerification | null;
  auditAvailability: 'unknown' | 'available' | 'missing';
  auditError: UiError | null;
  auditBusy: boolean;
  /**
   * False when the transcript is longer than this screen reads (MAX_PAGES × PAGE entries): the
   * entries then stop short of the chain head and the latest ceremonies, and screens must say so
   * rather than present the last entry read as the head.
   */
  auditComplete: boolean;
  loadAudit(): Promise<void>;
  verifyAudit(): Promise<void>;
}

const PAGE = 10_000;
const MAX_PAGES = 100;
/** The most entries the screens read (1,000,000): beyond it, archive the older ones. */
export const AUDIT_READ_LIMIT = PAGE * MAX_PAGES;
const isMissing = (e: UiError): boolean => e.status === 404 || e.status === 405;

export const createAuditSlice: Slice<AuditSlice> = ({ api }) => (set) => ({
  auditEntries: [],
  auditVerification: null,
  auditAvailability: 'unknown',
  auditError: null,
  auditBusy: false,
  auditComplete: true,
  async loadAudit() {
    set({ auditBusy: true, auditError: null });
    try {
      // Page through the whole log (10,000 entries a page), so the export is complete.
      const entries: AuditEntry[] = [];
      let from: number | null = 1;
      for (let page = 0; from !== null && page < MAX_PAGES; page += 1) {
        const body = await api.request('GET', `sys/audit/log?from=${from}&limit=${PAGE}`);
        entries.push(...readAuditLog(body));
        from = nextAuditPage(body);
      }
      set({ auditEntries: entries, auditAvailability: 'available', auditBusy: false, auditComplete: from === null });
    } catch (err) {
      const e = toUiError(err);
      set(isMissing(e) ? { auditAvailability: 'missing', auditBusy: false } : { auditError: e, auditBusy: false });
    }
  },
  async verifyAudit() {
    set({ auditBusy: true, auditError: null });
    try {
      const v = readAuditVerification(await api.request('GET', 'sys/audit/verify'));
      set({ auditVerification: v, auditBusy: false });
    } catch (err) {
      const e = toUiError(err);
      set(isMissing(e) ? { auditAvailability: 'missing', auditBusy: false } : { auditError: e, auditBusy: false });
    }
  },
});
