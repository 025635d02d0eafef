/**
 * "Scan QR": turns the camera on only while the operator scans a handout, shows a small preview
 * for aiming, and hands the decoded text to `onRead` (e.g. the share field). The camera is
 * released the moment a code is read, on Cancel, and when the component goes away.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { cameraErrorMessage, startQrScan } from './qr-scanner.js';
import type { QrScan } from './qr-scanner.js';
import './scan.css';

interface Props {
  onRead: (text: string) => void;
  disabled?: boolean;
  /** Pass PGP messages through (read-back of a PGP handout); share fields want the decrypted share. */
  acceptArmored?: boolean;
}

export function ScanQrButton({ onRead, disabled = false, acceptArmored = false }: Props) {
  const [active, setActive] = useState(false);
  const [status, setStatus] = useState('');
  const videoRef = useRef<HTMLVideoElement>(null);
  const onReadRef = useRef(onRead);
  const acceptArmoredRef = useRef(acceptArmored);
  const statusId = useId();
  useEffect(() => { onReadRef.current = onRead; acceptArmoredRef.current = acceptArmored; }, [onRead, acceptArmored]);

  useEffect(() => {
    const video = videoRef.current;
    if (!active || !video) return undefined;
    let cancelled = false;
    let scan: QrScan | null = null;
    setStatus('Starting the camera…');
    startQrScan(video, (text) => {
      if (cancelled) return;
      setActive(false);
      if (!acceptArmoredRef.current && text.includes('-----BEGIN PGP MESSAGE-----')) {
        setStatus('This QR code holds the PGP-encrypted share: decrypt it with gpg, then enter what gpg prints.');
        return;
      }
      setStatus('QR code read into the field. Check it, then continue.');
      onReadRef.current(text);
    }).then((s) => {
      if (cancelled) s.stop();
      else {
        scan = s;
        setStatus((now) => (now === 'Starting the camera…' ? 'Camera on: hold the QR code in front of it, about a hand’s width away.' : now));
      }
    }).catch((err: unknown) => {
      if (cancelled) return;
      setActive(false);
      setStatus(cameraErrorMessage(err));
    });
    return () => {
      cancelled = true;
      scan?.stop();
    };
  }, [active]);

  // No aria-label on the button: the share field's label must stay the only element with that
  // label (screen readers and tests find the field by it).
  return (
    <div className="scan-qr">
      {active ? (
        <div className="scan-panel">
          <video ref={videoRef} className="scan-video" muted playsInline aria-label="Camera preview for aiming the QR code" />
          <button type="button" onClick={() => { setActive(false); setStatus('Scan cancelled; the camera is off.'); }}>Cancel scan</button>
        </div>
      ) : (
        <button type="button" className="scan-start" onClick={() => setActive(true)} disabled={disabled} aria-describedby={statusId}>
          Scan QR
        </button>
      )}
      <p id={statusId} className="scan-status" aria-live="polite">{status}</p>
    </div>
  );
}
