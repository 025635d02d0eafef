/** T-of-N progress of a share quorum, as a bar and as words. */
export function ProgressMeter({ done, needed, label }: { done: number; needed: number; label: string }) {
  const words = needed > 0 ? `${done} of ${needed} ${label}` : `${done} ${label}`;
  return (
    <div className="progress-meter">
      <progress max={Math.max(needed, 1)} value={Math.min(done, Math.max(needed, 1))} aria-label={words} />
      <p className="progress-words">{words}</p>
    </div>
  );
}
