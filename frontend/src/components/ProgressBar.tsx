export function ProgressBar({ value, label }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="pm-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
    >
      <div className="pm-progress-bar" style={{ width: `${clamped}%` }} />
      <span className="pm-progress-text">{clamped}%</span>
    </div>
  );
}
