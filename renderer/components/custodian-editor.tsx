/** The list of custodians for init or rekey: names, optional PGP keys, add and remove. */
import type { CustodianDraft } from '../store/ceremony-plan.js';
import { PgpKeyField } from './pgp-key-field.js';

interface Props {
  custodians: readonly CustodianDraft[];
  onChange: (next: CustodianDraft[]) => void;
  /** Show PGP key fields (hidden by default to keep the common case short). */
  withPgp: boolean;
}

export function CustodianEditor({ custodians, onChange, withPgp }: Props) {
  const update = (i: number, patch: Partial<CustodianDraft>) =>
    onChange(custodians.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const remove = (i: number) => onChange(custodians.filter((_, j) => j !== i));
  return (
    <div className="custodians">
      {/* Said before anyone pastes a key: the API encrypts every share or none (one key per share). */}
      {withPgp ? <p className="notice">Every custodian needs a PGP public key: shares are encrypted for all custodians or for none. To hand out plain shares, untick encryption.</p> : null}
      <ol className="custodian-list">
        {custodians.map((c, i) => {
          const owner = c.name.trim() !== '' ? c.name.trim() : `custodian ${i + 1}`;
          return (
            <li key={i} className="custodian-row">
              <label>
                Name of custodian {i + 1}
                <input type="text" value={c.name} autoComplete="off" onChange={(e) => update(i, { name: e.target.value })} />
              </label>
              {withPgp ? <PgpKeyField owner={owner} value={c.pgpKey} onChange={(pgpKey) => update(i, { pgpKey })} /> : null}
              <button type="button" className="quiet" onClick={() => remove(i)} disabled={custodians.length <= 1}
                aria-label={`Remove ${owner}`}>Remove</button>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onChange([...custodians, { name: '', pgpKey: '' }])} disabled={custodians.length >= 255}>
        Add custodian
      </button>
    </div>
  );
}
