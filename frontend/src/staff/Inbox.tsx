import { useEffect, useState } from "react";

import { api } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";

const t = messages.inbox;

interface Row {
  id: string; number: string; process_type: string; summary: string; generated: boolean;
  read: boolean; assigned_to: number | null; return_date: string | null; overdue: boolean;
  since: string;
}

/** Controle de processos: what is open in my current unit. */
export function Inbox({ unit }: { unit: string | null }) {
  const [kind, setKind] = useState<"received" | "generated">("received");
  const [unread, setUnread] = useState(false);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let current = true; // a slower answer to an earlier filter must not win
    const query = new URLSearchParams({ kind, ...(unread ? { unread: "1" } : {}) });
    api<{ results: Row[] }>("GET", `/api/v1/inbox/?${query}`)
      .then((page) => current && setRows(page.results))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [kind, unread, unit]);

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
        <a className="br-button secondary small" {...linkProps("/processos")}>{t.all}</a>
      </div>
      {rows && rows.length === 0 && <p>{t.empty}</p>}
      {rows && rows.length > 0 && (
        <table className="br-table pm-table" data-testid="inbox">
          <thead><tr><th>{messages.staff.number}</th><th>{messages.staff.type}</th>
            <th>{messages.staff.summary}</th><th>{t.returnDate}</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id} className={r.read ? "" : "pm-unread"} data-unread={!r.read}>
              <td><a {...linkProps(`/processos/${r.id}`)}>{r.number}</a>{!r.read && ` (${t.unread})`}</td>
              <td>{r.process_type}</td><td>{r.summary}</td>
              <td className={r.overdue ? "pm-overdue" : ""}>{r.return_date ?? ""}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
