import { useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type InboxRow, type Marker, staff } from "./api";
import { PersonSelect, useUnitMembers } from "./Assign";
import { MarkerChip } from "./Markers";

const t = messages.inbox;

/** Controle de processos: what is open in my current unit, with whom each is assigned
 * to (changeable right here), its markers and whether it is suspended. */
export function Inbox({ unit }: { unit: string | null }) {
  const [kind, setKind] = useState<"received" | "generated">("received");
  const [unread, setUnread] = useState(false);
  const [mine, setMine] = useState(false);
  const [marker, setMarker] = useState("");
  const [markers, setMarkers] = useState<Marker[]>([]);
  const [rows, setRows] = useState<InboxRow[] | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [version, setVersion] = useState(0);
  const members = useUnitMembers(unit, setError);

  useEffect(() => {
    setMarker("");
    staff.markers().then(setMarkers).catch(() => setMarkers([]));
  }, [unit]);

  useEffect(() => {
    let current = true; // a slower answer to an earlier filter must not win
    // "Atribuídos a mim" spans received and generated processes alike.
    const query = new URLSearchParams({
      ...(mine ? { mine: "1" } : { kind }), ...(unread ? { unread: "1" } : {}),
      ...(marker ? { marker } : {}),
    });
    staff.inbox(query.toString())
      .then((page) => current && setRows(page.results))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [kind, unread, mine, marker, unit, version]);

  function assign(row: InboxRow, person: string) {
    setError("");
    staff.assign(row.id, person || null)
      .then(({ assignee }) => {
        setNotice(assignee ? messages.assign.done(assignee.name) : messages.assign.removed);
        setVersion((v) => v + 1);
      })
      .catch((e) => setError(e.message));
  }

  return (
    <section>
      <div className="d-flex justify-content-between align-items-center">
        <h1>{t.title}</h1>
        <a className="br-button primary" {...linkProps("/processos/novo")}>{messages.staff.newProcess}</a>
      </div>
      {error && <Message kind="danger">{error}</Message>}
      {notice && <Message kind="success">{notice}</Message>}
      <div className="pm-actions">
        {(["received", "generated"] as const).map((k) => (
          <button key={k} type="button" aria-pressed={!mine && kind === k}
            className={`br-button small ${!mine && kind === k ? "primary" : "secondary"}`}
            onClick={() => { setKind(k); setMine(false); }}>{t.kinds[k]}</button>
        ))}
        <label><input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} /> {t.unreadOnly}</label>
        <label><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> {messages.assign.mineOnly}</label>
        <label htmlFor="inbox-marker">{t.markerFilter}</label>
        <select id="inbox-marker" value={marker} onChange={(e) => setMarker(e.target.value)}>
          <option value="">{t.allMarkers}</option>
          {markers.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
      </div>
      {rows && rows.length === 0 && <p>{t.empty}</p>}
      {rows && rows.length > 0 && (
        <table className="br-table pm-table" data-testid="inbox">
          <thead><tr><th>{messages.staff.number}</th><th>{messages.staff.type}</th>
            <th>{messages.staff.summary}</th><th>{t.markers}</th>
            <th>{messages.assign.assignedTo}</th><th>{t.returnDate}</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id} className={r.read ? "" : "pm-unread"} data-unread={!r.read}
              data-assignee={r.assignee?.name ?? ""} data-suspended={r.suspended}>
              <td><a {...linkProps(`/processos/${r.id}`)}>{r.number}</a>{!r.read && ` (${t.unread})`}
                {r.suspended && <span className="pm-badge" title={r.suspension_reason}>{t.suspended}</span>}
              </td>
              <td>{r.process_type}</td><td>{r.summary}</td>
              <td>{r.markers.map((m) => <MarkerChip key={m.id} marker={m} note={m.note} />)}</td>
              <td>
                <PersonSelect members={members} value={r.assignee}
                  label={messages.assign.rowLabel(r.number)} onChange={(p) => assign(r, p)} />
              </td>
              <td className={r.overdue ? "pm-overdue" : ""}>{r.return_date ?? ""}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
