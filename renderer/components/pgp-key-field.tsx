/**
 * Optional PGP public key for one custodian, pasted or loaded from a file, with its fingerprint
 * and expiry shown for the custodian to confirm aloud.
 */
import { useEffect, useId, useState } from 'react';
import { describePgpKey, groupFingerprint, keyTextFromFile } from '../lib/pgp-key-info.js';
import type { PgpKeyInfo } from '../lib/pgp-key-info.js';

interface Props {
  owner: string;
  value: string;
  onChange: (text: string) => void;
}

type Described = { state: 'none' } | { state: 'reading' } | { state: 'ok'; info: PgpKeyInfo } | { state: 'error'; message: string };

export function PgpKeyField({ owner, value, onChange }: Props) {
  const [described, setDescribed] = useState<Described>({ state: 'none' });
  const textId = useId();
  const fileId = useId();

  useEffect(() => {
    if (value.trim() === '') {
      setDescribed({ state: 'none' });
      return undefined;
    }
    let live = true;
    setDescribed({ state: 'reading' });
    describePgpKey(value)
      .then((info) => { if (live) setDescribed({ state: 'ok', info }); })
      .catch((err: unknown) => { if (live) setDescribed({ state: 'error', message: err instanceof Error ? err.message : String(err) }); });
    return () => { live = false; };
  }, [value]);

  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    onChange(keyTextFromFile(new Uint8Array(await file.arrayBuffer())));
  };

  return (
    <div className="pgp-key">
      <label htmlFor={textId}>PGP public key for {owner}</label>
      <textarea id={textId} rows={3} value={value} spellCheck={false} onChange={(e) => onChange(e.target.value)}
        placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----" />
      <label htmlFor={fileId} className="file-label">Load key file for {owner}</label>
      <input id={fileId} type="file" accept=".asc,.gpg,.pgp,.pub,.txt" onChange={(e) => void loadFile(e.target.files?.[0])} />
      {described.state === 'reading' ? <p className="muted">Reading key…</p> : null}
      {described.state === 'error' ? <p role="alert" className="error-box">Not a usable public key: {described.message}</p> : null}
      {described.state === 'ok' ? (
        <dl className="facts">
          <div><dt>Fingerprint</dt><dd className="mono fingerprint">{groupFingerprint(described.info.fingerprint)}</dd></div>
          {described.info.userIds[0] ? <div><dt>User</dt><dd>{described.info.userIds[0]}</dd></div> : null}
          <div><dt>Expires</dt><dd>{described.info.expires || 'unknown'}</dd></div>
          {described.info.problem !== '' ? <div><dt>Problem</dt><dd role="alert" className="warning">{described.info.problem}</dd></div> : null}
        </dl>
      ) : null}
    </div>
  );
}
