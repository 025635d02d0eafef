/** The words the operator reads aloud: the keyring's name, who holds a share, how many must meet, and how shares travel. */
export function PlanSummary({ names, threshold, pgp, keyringName = '' }: { names: readonly string[]; threshold: number; pgp: boolean; keyringName?: string }) {
  return (
    <>
      <p>{keyringName !== '' ? <>The keyring will be named <strong>“{keyringName}”</strong>; every handout will carry that name.</> : 'The keyring will have no name; handouts identify it by its keyring id only.'}</p>
      <p>
        There will be <strong>{names.length}</strong> shares, one each for: <strong>{names.join(', ')}</strong>.
      </p>
      <p>
        Any <strong>{threshold}</strong> of these {names.length} custodians together can unseal the keyring; {threshold - 1 === 0 ? 'no one else' : `${threshold - 1} or fewer`} cannot.
      </p>
      {pgp
        ? <p>Each of the {names.length} shares will be encrypted to its custodian’s PGP key: no share is shown on screen, each custodian receives an encrypted .asc file.</p>
        : <p>No share is encrypted: each custodian will see their own share on screen, one at a time, and may print it.</p>}
    </>
  );
}
