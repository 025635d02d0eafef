/**
 * File names for exported shares: `[<keyring name>-]<custodian>-<keyring id first 8>-gen<generation>.<ext>`,
 * the keyring's name first so that a custodian's files of two keyrings sort and read apart.
 * Custodian names are free text typed at the ceremony, so the name is reduced to characters that
 * are safe on every file system (Windows, macOS, Linux, FAT-formatted USB sticks): no path
 * separators, no reserved characters, no leading dots, bounded length.
 */

const MAX_NAME_CHARS = 48;

/** A custodian name as a file-name part; never empty, never a path. */
export function safeNamePart(name: string): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string');
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "Zoë" → "Zoe"
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, MAX_NAME_CHARS)
    .replace(/[._-]+$/g, '');
  return cleaned === '' ? 'custodian' : cleaned;
}

export function shareFileName(custodian: string, keyringId: string, generation: number | null, ext: 'asc' | 'txt', keyringName = ''): string {
  if (typeof keyringId !== 'string') throw new TypeError('keyringId must be a string');
  if (generation !== null && (!Number.isInteger(generation) || generation < 0)) throw new RangeError('generation must be a non-negative integer or null');
  const keyring = keyringId.replace(/[^0-9A-Za-z]/g, '').slice(0, 8).toLowerCase() || 'keyring';
  const gen = generation === null ? 'gen-new' : `gen${generation}`;
  const named = typeof keyringName === 'string' && keyringName.trim() !== '' ? `${safeNamePart(keyringName)}-` : '';
  return `${named}${safeNamePart(custodian)}-${keyring}-${gen}.${ext}`;
}
