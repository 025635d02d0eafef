/**
 * Read-back check of a printed handout: what the operator scanned or typed back from the paper is
 * compared with the share that was issued, so a misprint (or the wrong custodian's page) is found
 * while everyone is still in the room. Messages name groups and indices, never share characters:
 * the screen may be on a projector.
 */
import { decodeShareText, formatShareTextLines, SHARE_TEXT_GROUPS } from '../../../shared/share-text.js';

export interface IssuedForReadBack {
  /** Human share text as issued ('' for PGP custodians). */
  text: string;
  /** Armored PGP message as issued ('' when none). */
  armored: string;
  index: number;
}

export type ReadBackResult =
  | { match: true; message: string }
  | { match: false; message: string; groups: number[] };

export function compareReadBack(input: string, issued: IssuedForReadBack): ReadBackResult {
  if (typeof input !== 'string') throw new TypeError('read-back input must be a string');
  if (input.trim() === '') return { match: false, message: 'Nothing read back yet: scan the QR or type the groups.', groups: [] };
  if (issued.text !== '') return compareShareText(input, issued);
  if (issued.armored !== '') {
    return canonicalArmor(input) === canonicalArmor(issued.armored)
      ? { match: true, message: 'The printed PGP message matches the one issued.' }
      : { match: false, message: 'The PGP message read back differs from the one issued: reprint this handout.', groups: [] };
  }
  return { match: false, message: 'This share has no printed form to read back.', groups: [] };
}

function compareShareText(input: string, issued: IssuedForReadBack): ReadBackResult {
  const decoded = decodeShareText(input);
  if (!decoded.ok) {
    const groups = 'groups' in decoded ? decoded.groups : [];
    return { match: false, message: `Not a readable share: ${decoded.message}. Check the printout or type it again.`, groups };
  }
  const got = canonicalGroups(input);
  const want = canonicalGroups(issued.text);
  const differ = want.flatMap((g, i) => (got[i] === g ? [] : [i + 1]));
  if (differ.length === 0) return { match: true, message: `The printout reads back as share ${issued.index}, exactly as issued.` };
  if (decoded.payload.index !== issued.index) {
    return { match: false, message: `This is share ${decoded.payload.index}, not share ${issued.index}: it is another custodian's handout.`, groups: differ };
  }
  const which = differ.length === SHARE_TEXT_GROUPS ? 'every group' : `group${differ.length > 1 ? 's' : ''} ${differ.join(', ')}`;
  return { match: false, message: `The printout differs from the issued share in ${which}: reprint this handout.`, groups: differ };
}

/** Groups in canonical spelling (upper case, I/L → 1, O → 0, separators dropped). */
function canonicalGroups(text: string): string[] {
  return (formatShareTextLines(text, SHARE_TEXT_GROUPS)[0] ?? '').split('-');
}

/** Armor compared line by line, ignoring line-ending style and trailing blanks. */
function canonicalArmor(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
}
