/** The words the operator reads aloud: who holds a share and how many must meet. */
export function PlanSummary({ names, threshold, pgp }: { names: readonly string[]; threshold: number; pgp: boolean }) {
  return (
    <>
      <p>
        There will be <strong>{names.length}</strong> shares, one each for: <strong>{names.join(', ')}</strong>.
      </p>
      <p>
        Any <strong>{threshold}</strong> of these {names.length} custodians together can unseal the keyring; {threshold - 1 === 0 ? 'no one else' : `${threshold - 1} or fewer`} cannot.
      </p>
      {pgp ? <p>Each share will be encrypted to its custodian’s PGP key.</p> : <p>Each custodian will see their own share on screen, one at a time.</p>}
    </>
  );
}
