import { useEffect, useState } from "react";

import { api } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type Marker, type ProcessMarker, staff } from "./api";
import { MarkerChip } from "./Markers";

const t = messages.inbox;

interface Row {
  id: string; number: string; process_type: string; summary: string; generated: boolean;
  read: boolean; assigned_to: number | null; return_date: string | null; overdue: boolean;
  since: string; suspended: boolean; suspension_reason: string; markers: ProcessMarker[];
}

/** Controle de processos: what is open in my current unit. */
export function Inbox({ unit }: { unit: string | null }) {
  const [kind, setKind] = useState<"received" | "generated">("received");
  const [unread, setUnread] = useState(false);
  const [marker, setMarker] = useState("");
  const [markers, setMarkers] = useState<Marker[]>([]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    setMarker("");
    staff.markers().then(setMarkers).catch(() => setMarkers([]));
  }, [unit]);

  useEffect(() => {
    let current = true; // a slower answer to an earlier filter must not win
    const query = new URLSearchParams({
      kind, ...(unread ? { unread: "1" } : {}), ...(marker ? { marker } : {}),
    });
    api<{ results: Row[] }>("GET", `/api/v1/inbox/?${query}`)
      .then((page) => current && setRows(page.results))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [kind, unread, marker, unit]);

  return (
    <section>
      <div className="d-flex justify-content-between align-items-center">
        <h1>{t.title}</h1>
        <a className="br-button primary" {...linkProps("/processos/novo")}>{messages.staff.newProcess}</a>
      </div>
      {error && <Message kind="danger">{error}</Message>}
      <div className="pm-actions">
        {(["received", "generated"] as const).map((k) => (
          <button key={k} type="button" aria-pressed={kind === k}
            className={`br-button small ${kind === k ? "primary" : "secondary"}`}
            onClick={() => setKind(k)}>{t.kinds[k]}</button>
        ))}
        <label><input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} /> {t.unreadOnly}</label>
        <label htmlFor="inbox-marker">{t.markerFilter}</label>
        <select id="inbox-marker" value={marker} onChange={(e) => setMarker(e.target.value)}>
          <option value="">{t.allMarkers}</option>
          {markers.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
        <a className="br-button secondary small" {...linkProps("/processos")}>{t.all}</a>
        <a className="br-button secondary small" {...linkProps("/acompanhamento")}>{t.watchList}</a>
      </div>
      {rows && rows.length === 0 && <p>{t.empty}</p>}
      {rows && rows.length > 0 && (
        <table className="br-table pm-table" data-testid="inbox">
          <thead><tr><th>{messages.staff.number}</th><th>{messages.staff.type}</th>
            <th>{messages.staff.summary}</th><th>{t.markers}</th><th>{t.returnDate}</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id} className={r.read ? "" : "pm-unread"} data-unread={!r.read}
              data-suspended={r.suspended}>
              <td><a {...linkProps(`/processos/${r.id}`)}>{r.number}</a>{!r.read && ` (${t.unread})`}
                {r.suspended && <span className="pm-badge" title={r.suspension_reason}>{t.suspended}</span>}
              </td>
              <td>{r.process_type}</td><td>{r.summary}</td>
              <td>{r.markers.map((m) => <MarkerChip key={m.id} marker={m} note={m.note} />)}</td>
              <td className={r.overdue ? "pm-overdue" : ""}>{r.return_date ?? ""}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
