import { processMessages } from "../../i18n/process";
import { formatDate } from "../../dates";
import { messages } from "../../i18n/pt-BR";
import { MARKER_COLORS } from "../Markers";
import type { ProcessScreen } from "./types";

const t = processMessages.header;

/** Number, type, especificação, interessados, access level with its legal basis, where
 * it is open, who has it, the unit's markers. */
export function ProcessHeader({ process }: { process: ProcessScreen }) {
  const level = messages.staff.accessLevels[process.access_level];
  const openUnits = process.open_units ?? [];
  return (
    <header className="pm-pv-header" data-testid="process-header">
      <p className="pm-pv-kicker">{process.process_type}</p>
      <h1 className="pm-pv-number" data-testid="process-number">{process.number}</h1>
      <p className="pm-pv-summary" data-testid="process-summary">{process.summary}</p>
      <dl className="pm-pv-facts">
        <div>
          <dt>{t.parties}</dt>
          <dd data-testid="process-parties">
            {process.parties.length === 0 ? <span className="pm-muted">{t.noParties}</span> : (
              <ul className="pm-inline-list">
                {process.parties.map((p) => (
                  <li key={`${p.document}-${p.name}`}>{p.name}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t.access}</dt>
          <dd data-testid="process-access">
            <span className={`pm-level pm-level-${process.access_level}`}>
              <i className={`fas ${process.access_level === "public" ? "fa-globe" : "fa-lock"}`}
                aria-hidden="true" /> {level}
            </span>
            {process.legal_basis && (
              <span className="pm-basis">
                {" "}{process.legal_basis.name}
                {process.legal_basis.reference && <> ({process.legal_basis.reference})</>}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t.openIn}</dt>
          <dd data-testid="open-units">
            {openUnits.length === 0 ? <span className="pm-muted">{t.openNowhere}</span> : (
              <ul className="pm-inline-list">
                {openUnits.map((u) => (
                  <li key={u.id}><span className="br-tag pm-tag-unit" title={u.name}>
                    {u.acronym}<span className="sr-only"> — {u.name}</span></span></li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        {process.here.open && (
          <div data-testid="assignee">
            <dt>{t.assignee}</dt>
            <dd>{process.here.assignee?.name ?? <span className="pm-muted">{t.notAssigned}</span>}</dd>
          </div>
        )}
        <div>
          <dt>{t.createdAt}</dt>
          <dd>{formatDate(process.created_at)} — {process.unit}</dd>
        </div>
        {process.markers.length > 0 && (
          <div>
            <dt>{t.markers}</dt>
            <dd data-testid="process-markers">
              <ul className="pm-inline-list">
                {process.markers.map((m) => (
                  <li key={m.id}>
                    <span className="br-tag pm-tag-marker" data-testid="marker" title={m.note || undefined}
                      style={{ "--pm-marker": MARKER_COLORS[m.color] } as React.CSSProperties}>
                      <i className="fas fa-tag" aria-hidden="true" /> {m.name}
                      {m.note && <span className="sr-only"> — {m.note}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
