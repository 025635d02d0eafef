/**
 * As-you-type checking of a share before it is sent, with the shared codec (shared/share-text.ts,
 * shared/share-forms.ts): each group's check character locates a typo to its group, so the
 * custodian hears "group 7" instead of a failed unseal at threshold. The server still judges the
 * share against its commitment (other keyring, old generation, not a member).
 */
import { parseShare } from '../../shared/share-forms.js';
import { analyzeShareText, SHARE_TEXT_GROUPS } from '../../shared/share-text.js';
import type { GroupStatus } from '../../shared/share-text.js';

export interface GroupCheck {
  /** 1-based group number. */
  number: number;
  status: GroupStatus | 'missing';
}

export interface ShareCheck {
  form: 'empty' | 'text' | 'hex' | 'base64' | 'unknown';
  /** Per-group status for share text (all 16 positions), empty for hex/base64. */
  groups: GroupCheck[];
  /** True when the input decodes; only then is it sent. */
  ok: boolean;
  /** One sentence for the custodian; never contains share characters. */
  message: string;
}

/** A share is 33 bytes (Vault layout); a 1-of-1 keyring's "share" is the 32-byte key. */
const SHARE_BYTE_LENGTHS: readonly number[] = [32, 33];

/**
 * A half-typed share text is often valid hex or base64 by accident (dashes read as URL-safe
 * base64); only a value of a share's length counts as the Vault forms here.
 */
function vaultForm(input: string): 'hex' | 'base64' | null {
  const parsed = parseShare(input);
  return parsed.ok && parsed.form !== 'text' && SHARE_BYTE_LENGTHS.includes(parsed.bytes.length) ? parsed.form : null;
}

export function checkShareInput(input: string): ShareCheck {
  if (typeof input !== 'string') throw new TypeError('share input must be a string');
  const parsed = parseShare(input);
  if (!parsed.ok && parsed.problem === 'empty') return { form: 'empty', groups: [], ok: false, message: '' };
  if (parsed.ok && parsed.form !== 'text' && vaultForm(input) !== null) {
    return { form: parsed.form, groups: [], ok: true, message: `Vault ${parsed.form} form (${parsed.bytes.length} bytes): the server checks it on entry.` };
  }
  const analysis = analyzeShareText(input);
  const groups: GroupCheck[] = Array.from({ length: Math.max(SHARE_TEXT_GROUPS, analysis.groups.length) }, (_, i) => ({
    number: i + 1,
    status: analysis.groups[i]?.status ?? 'missing',
  }));
  if (parsed.ok && parsed.form === 'text') {
    return { form: 'text', groups, ok: true, message: `All ${SHARE_TEXT_GROUPS} groups check out: share ${parsed.index}, generation ${parsed.generation}.` };
  }
  const bad = groups.filter((g) => g.status === 'typo' || g.status === 'invalid-character').map((g) => g.number);
  const typed = analysis.groups.filter((g) => g.status !== 'incomplete').length;
  let message: string;
  if (bad.length === 1) message = `Group ${bad[0]} has a typo: check it against the handout.`;
  else if (bad.length > 1) message = `Groups ${bad.join(', ')} have typos: check them against the handout.`;
  else if (typed < SHARE_TEXT_GROUPS && analysis.groups.length <= SHARE_TEXT_GROUPS) message = `${typed} of ${SHARE_TEXT_GROUPS} groups typed.`;
  else if (!parsed.ok) message = capitalize(parsed.message);
  else message = 'This is not a complete share.';
  return { form: analysis.groups.length > 0 ? 'text' : 'unknown', groups, ok: false, message };
}

/** Why a share is not sent (checked on submit); '' when it may be sent. */
export function submitBlocker(input: string): string {
  const parsed = parseShare(input);
  if (!parsed.ok) return parsed.problem === 'empty' ? 'Enter a share first.' : `Not sent: ${parsed.message}.`;
  if (parsed.form === 'text' || vaultForm(input) !== null) return '';
  return `Not sent: ${checkShareInput(input).message}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
