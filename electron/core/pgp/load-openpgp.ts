/**
 * openpgp.js, loaded the first time a custodian key is read or a share encrypted rather than at
 * every start: loading it took about 70 ms of the ~0.3 s `symbolon serve` needs to listen (issue
 * 17), and most starts never see a PGP key.
 */
import type * as OpenPgpModule from 'openpgp';

type OpenPgp = typeof OpenPgpModule;

let loading: Promise<OpenPgp> | null = null;

export function loadOpenpgp(): Promise<OpenPgp> {
  loading ??= import('openpgp');
  return loading;
}
