/**
 * The last minute before a ceremony's secrets are wiped for inactivity, counted down on screen
 * (issue 11: never wiped silently). Any key or pointer event resets it (use-inactivity.ts).
 */
import { useEffect, useState } from 'react';
import { useApp } from '../store/use-app.js';

export function IdleCountdown() {
  const wipeAt = useApp((s) => s.idleWipeAt);
  const touch = useApp((s) => s.touch);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (wipeAt === 0) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [wipeAt]);
  if (wipeAt === 0) return null;
  const seconds = Math.max(0, Math.ceil((wipeAt - now) / 1000));
  return (
    <div role="alert" className="warning idle-countdown">
      <p className="big">No activity: the shares on this screen will be wiped in {seconds} s.</p>
      <p>Shares not yet proven are then lost, and this ceremony must start again.</p>
      <button type="button" className="primary" onClick={touch}>I am still here</button>
    </div>
  );
}
