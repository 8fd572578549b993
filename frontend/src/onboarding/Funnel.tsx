import type { Summary } from "./api";

/** The onboarding funnel: how many cases reached each stage, as horizontal bars. */
export function Funnel({ funnel }: { funnel: Summary["funnel"] }) {
  const max = Math.max(1, ...funnel.map((row) => row.count));
  return (
    <ol className="pm-funnel" data-testid="funnel">
      {funnel.map((row) => (
        <li key={row.status}>
          <span className="pm-funnel-label">{row.label}</span>
          <span className="pm-funnel-track">
            <span className="pm-funnel-bar" style={{ width: `${(100 * row.count) / max}%` }} />
          </span>
          <span className="pm-funnel-count" data-testid={`funnel-${row.status}`}>
            {row.count}
          </span>
        </li>
      ))}
    </ol>
  );
}
