import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { api } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Checkbox, Select } from "../components/Field";
import { type Notice, NoticeView } from "../components/Message";
import { Pager } from "../components/Pager";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { formatDate } from "../dates";
import { messages } from "../i18n/pt-BR";
import { useMe } from "../shell/context";
import { type InboxRow, staff } from "./api";
import { PersonSelect } from "./Assign";
import { MarkerChip } from "./Markers";

const t = messages.inbox;
const ti = messages.inboxPage;
const PAGE_SIZE = 50;

/** Controle de processos: what is open in my current unit, with whom each is assigned
 * to (changeable right here), its markers and whether it is suspended; select some and
 * conclude them in the unit (after a confirmation). */
export function Inbox() {
  const me = useMe().data;
  const unit = me?.current_unit ?? null;
  const unitName = me?.units.find((u) => u.id === unit)?.acronym ?? "";
  const client = useQueryClient();
  const [kind, setKind] = useState<"received" | "generated">("received");
  const [unread, setUnread] = useState(false);
  const [mine, setMine] = useState(false);
  const [marker, setMarker] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  // Fresh on every visit: the process screen changes these without this cache knowing.
  const markers = useQuery({ queryKey: ["markers", unit], queryFn: staff.markers, staleTime: 0 });
  const members = useQuery({ queryKey: ["unit-members", unit], queryFn: staff.unitMembers, staleTime: 0 });
  // "Atribuídos a mim" spans received and generated processes alike.
  const query = new URLSearchParams({
    ...(mine ? { mine: "1" } : { kind }), ...(unread ? { unread: "1" } : {}),
    ...(marker ? { marker } : {}), ...(page > 1 ? { page: String(page) } : {}),
  }).toString();
  const inbox = useQuery({
    queryKey: ["inbox", unit, query],
    queryFn: () => staff.inbox(query),
    // Never yesterday's rows: the process screen changes them outside this cache.
    staleTime: 0,
    gcTime: 0,
  });
  const rows = inbox.data?.results;
  const pages = Math.max(1, Math.ceil((inbox.data?.count ?? 0) / PAGE_SIZE));

  const filter = (apply: () => void) => {
    apply();
    setPage(1);
    setSelected(new Set());
  };

  const assign = useMutation({
    mutationFn: ({ row, person }: { row: InboxRow; person: string }) => staff.assign(row.id, person || null),
    onSuccess: ({ assignee }, { row }) => {
      setNotice({ kind: "success", text: assignee ? ti.assigned(row.number, assignee.name) : ti.unassigned(row.number) });
      client.invalidateQueries({ queryKey: ["inbox"] });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });

  const chosen = (rows ?? []).filter((r) => selected.has(r.id));
  const conclude = useMutation({
    mutationFn: async (targets: InboxRow[]) => {
      const done: string[] = [];
      const failed: string[] = [];
      for (const row of targets) {
        try {
          await api("POST", `/api/v1/processes/${row.id}/conclude/`);
          done.push(row.number);
        } catch (e) {
          failed.push(`${row.number}: ${(e as Error).message}`);
        }
      }
      return { done, failed };
    },
    onSuccess: ({ done, failed }) => {
      setConfirm(false);
      setSelected(new Set());
      client.invalidateQueries({ queryKey: ["inbox"] });
      if (failed.length) setNotice({ kind: "danger", text: `${ti.concluded(done, unitName)} ${ti.notConcluded(failed)}`.trim() });
      else setNotice({ kind: "success", text: ti.concluded(done, unitName) });
    },
  });

  const toggle = (id: string, on: boolean) => setSelected((prev) => {
    const next = new Set(prev);
    if (on) next.add(id); else next.delete(id);
    return next;
  });
  const allOnPage = !!rows?.length && rows.every((r) => selected.has(r.id));

  return (
    <section aria-labelledby="inbox-title">
      <div className="pm-page-head">
        <h1 id="inbox-title">{t.title}{unitName && <span className="pm-page-sub"> — {unitName}</span>}</h1>
        <Link className="br-button primary" to="/processos/novo">
          <i className="fas fa-plus" aria-hidden="true"></i> {messages.staff.newProcess}
        </Link>
      </div>
      <NoticeView notice={inbox.error ? { kind: "danger", text: inbox.error.message } : notice}
        onClose={() => setNotice(null)} />
      <div className="pm-toolbar" role="group" aria-label={ti.filters}>
        <div className="pm-segmented" role="group" aria-label={ti.kind}>
          {(["received", "generated"] as const).map((k) => (
            <button key={k} type="button" aria-pressed={!mine && kind === k}
              className={`br-button small ${!mine && kind === k ? "primary" : "secondary"}`}
              onClick={() => filter(() => { setKind(k); setMine(false); })}>{t.kinds[k]}</button>
          ))}
        </div>
        <Checkbox id="inbox-unread" label={t.unreadOnly} checked={unread}
          onChange={(e) => filter(() => setUnread(e.target.checked))} />
        <Checkbox id="inbox-mine" label={messages.assign.mineOnly} checked={mine}
          onChange={(e) => filter(() => setMine(e.target.checked))} />
        <Select id="inbox-marker" label={t.markerFilter} value={marker} className="pm-compact"
          onChange={(e) => filter(() => setMarker(e.target.value))}
          options={[{ value: "", label: t.allMarkers }, ...(markers.data ?? []).map((m) => ({ value: m.id, label: m.name }))]} />
      </div>
      {rows && rows.length > 0 && (
        <div className="pm-bulk" role="group" aria-label={ti.bulk}>
          <span aria-live="polite">{ti.selected(chosen.length)}</span>
          <button type="button" className="br-button secondary small" disabled={!chosen.length}
            onClick={() => setConfirm(true)}>
            <i className="fas fa-check-double" aria-hidden="true"></i> {t.conclude}
          </button>
        </div>
      )}
      {inbox.isPending && <p role="status">{messages.loading}</p>}
      {rows && rows.length === 0 && <p className="pm-empty-text">{t.empty}</p>}
      {rows && rows.length > 0 && (
        <Table caption={ti.caption(unitName)} testId="inbox">
          <thead><tr>
            <th scope="col" className="pm-col-check">
              <input type="checkbox" aria-label={ti.selectAll} checked={allOnPage}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())} />
            </th>
            <th scope="col">{messages.staff.number}</th><th scope="col">{messages.staff.type}</th>
            <th scope="col">{messages.staff.summary}</th><th scope="col">{t.markers}</th>
            <th scope="col">{messages.assign.assignedTo}</th><th scope="col">{t.returnDate}</th>
          </tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id} className={r.read ? "" : "pm-unread"} data-unread={!r.read}
              data-assignee={r.assignee?.name ?? ""} data-suspended={r.suspended}>
              <td className="pm-col-check">
                <input type="checkbox" aria-label={ti.select(r.number)} checked={selected.has(r.id)}
                  onChange={(e) => toggle(r.id, e.target.checked)} />
              </td>
              <td className="pm-nowrap">
                <Link to={`/processos/${r.id}`}>{r.number}</Link>
                {!r.read && <> <Tag tone="info">{t.unread}</Tag></>}
                {r.suspended && <> <Tag tone="warning" title={r.suspension_reason}>{t.suspended}</Tag></>}
              </td>
              <td>{r.process_type}</td><td>{r.summary}</td>
              <td>{r.markers.map((m) => <MarkerChip key={m.id} marker={m} note={m.note} />)}</td>
              <td>
                <div className="pm-select pm-select-inline">
                  <PersonSelect members={members.data ?? []} value={r.assignee}
                    label={messages.assign.rowLabel(r.number)}
                    onChange={(p) => assign.mutate({ row: r, person: p })} />
                  <i className="fas fa-angle-down" aria-hidden="true"></i>
                </div>
              </td>
              <td className={r.overdue ? "pm-overdue" : ""}>{r.return_date ? formatDate(r.return_date) : ""}</td>
            </tr>
          ))}</tbody>
        </Table>
      )}
      <Pager page={page} pages={pages} onPage={(p) => { setPage(p); setSelected(new Set()); }} label={ti.pages} />
      {confirm && (
        <ConfirmDialog title={t.conclude} busy={conclude.isPending}
          question={ti.confirmConclude(chosen.map((r) => r.number), unitName)}
          confirm={ti.confirmButton} onConfirm={() => conclude.mutate(chosen)} onClose={() => setConfirm(false)} />
      )}
    </section>
  );
}
