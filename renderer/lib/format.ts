/** Formatting for the projector: plain English, UTC, no locale surprises. */

/** `2025-01-01T00:00:00Z` → `2025-01-01 00:00 UTC`; unknown input is returned as given. */
export function formatInstant(rfc3339: string): string {
  if (rfc3339 === '') return 'unknown';
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A share of a budget as a percentage with enough digits to show that tiny shares are not 0. */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return 'unknown';
  const pct = (part / whole) * 100;
  if (pct === 0) return '0%';
  if (pct < 0.001) return '< 0.001%';
  return `${pct < 1 ? pct.toPrecision(2) : pct.toFixed(1)}%`;
}

/** `2025-01-01T10:20:30.123Z` → `2025-01-01 10:20:30` (UTC, to the second, for transcripts). */
export function formatSecond(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? rfc3339 : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
