import { type FormEvent, useCallback, useEffect, useState } from "react";

import { ConfirmDialog } from "../components/Dialog";
import { Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { type EnvelopeDetail, type EnvelopeFilters, type EnvelopePage, PAGE_SIZE,
  canRepeat, formatDateTime, isOpen, tramita } from "./api";
import { statusClass } from "./ProcessExternal";

const t = messages.tramita;
const COUNT_ORDER = ["stuck", "failed", "queued", "sending", "in_transit", "receiving",
  "completed", "refused", "cancelled"];

/** Envelope list with counts, filters and the log of the one clicked. The state
 * coordination sees every municipality and may retry or cancel; a municipal admin sees
 * the city's own, read-only. */
export function Envelopes({ coordinator }: { coordinator: boolean }) {
  const [filters, setFilters] = useState<EnvelopeFilters>({ status: "", direction: "", kind: "", q: "", page: 1 });
  const [search, setSearch] = useState("");
  const [page, setPage] = useState<EnvelopePage | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState("");

  const reload = useCallback(() => {
    tramita.envelopes(filters).then(setPage).catch((e) => setError(e.message));
  }, [filters]);
  useEffect(reload, [reload]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({ ...filters, q: search, page: 1 });
  }

  const pages = page ? Math.max(1, Math.ceil(page.count / PAGE_SIZE)) : 1;
  return (
    <div data-testid="envelopes">
      {error && <Message kind="danger">{error}</Message>}
      {page && (
        <ul className="pm-counts" aria-label={t.status}>
          {COUNT_ORDER.filter((s) => s in page.counts).map((status) => (
            <li key={status}>
              <button type="button" data-testid={`tramita-count-${status}`}
                className={`br-tag ${filters.status === status ? "pm-tag-active" : ""}`}
                aria-pressed={filters.status === status}
                onClick={() => setFilters({ ...filters, status: filters.status === status ? "" : status, page: 1 })}>
                <span>{t.statusLabels[status]}: <strong>{page.counts[status]}</strong></span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="pm-toolbar" onSubmit={apply} noValidate>
        <Select id="tramita-status" label={t.status} value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value, page: 1 })}
          options={[{ value: "", label: t.allStatuses }, ...COUNT_ORDER.map((s) => ({ value: s, label: t.statusLabels[s] }))]} />
        <Select id="tramita-direction" label={t.direction} value={filters.direction}
          onChange={(e) => setFilters({ ...filters, direction: e.target.value, page: 1 })}
          options={[{ value: "", label: t.allDirections }, ...Object.entries(t.directions).map(([value, label]) => ({ value, label }))]} />
        <Select id="tramita-kind" label={t.kind} value={filters.kind}
          onChange={(e) => setFilters({ ...filters, kind: e.target.value, page: 1 })}
          options={[{ value: "", label: t.allKinds }, ...Object.entries(t.kinds).map(([value, label]) => ({ value, label }))]} />
        <Input id="tramita-search" type="search" label={t.search} value={search} onChange={(e) => setSearch(e.target.value)} />
        <button className="br-button secondary" type="submit">{t.apply}</button>
      </form>

      {page && page.results.length === 0 && <p>{t.none}</p>}
      {page && page.results.length > 0 && (
        <div className="pm-table-scroll" tabIndex={0} role="region" aria-label={t.title}><table className="pm-table pm-envelope-table" data-testid="envelope-table">
          <thead>
            <tr>
              {coordinator && <th>{t.municipality}</th>}
              <th>{t.process}</th><th>{t.kind}</th><th>{t.direction}</th><th>{t.remote}</th><th>{t.status}</th>
              <th>{t.attempts}</th><th>{t.lastError}</th><th>{t.updatedAt}</th>
            </tr>
          </thead>
          <tbody>
            {page.results.map((e) => (
              <tr key={e.id} className={`${e.id === selected ? "pm-selected" : ""} pm-clickable`}
                onClick={() => setSelected(e.id === selected ? null : e.id)}>
                {coordinator && <td>{e.municipality ?? "—"}</td>}
                <td>
                  <button type="button" className="pm-link" aria-expanded={e.id === selected}
                    onClick={(ev) => { ev.stopPropagation(); setSelected(e.id === selected ? null : e.id); }}>
                    {e.process_number || e.idt || "—"}
                  </button>
                </td>
                <td>
                  {e.kind_label || t.kinds[e.kind ?? "process"]}
                  {e.urgent && <> <span className="pm-status pm-status-danger">{t.urgentTag}</span></>}
                </td>
                <td>{e.direction_label}</td>
                <td>{e.remote_name || "—"}</td>
                <td>
                  <span className={statusClass(e)}>{e.status_label}</span>
                  {e.stuck && e.status !== "failed" && <em> ({t.stuck})</em>}
                </td>
                <td>{e.attempts}</td>
                <td className="pm-error-cell" title={e.last_error}>{e.last_error}</td>
                <td>{formatDateTime(e.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {page && pages > 1 && (
        <nav className="pm-pager" aria-label={messages.onboarding.page(filters.page, pages)}>
          <button type="button" className="br-button secondary small" disabled={filters.page <= 1}
            onClick={() => setFilters({ ...filters, page: filters.page - 1 })}>
            {messages.onboarding.previous}
          </button>
          <span>{messages.onboarding.page(filters.page, pages)}</span>
          <button type="button" className="br-button secondary small" disabled={filters.page >= pages}
            onClick={() => setFilters({ ...filters, page: filters.page + 1 })}>
            {messages.onboarding.next}
          </button>
        </nav>
      )}
      {selected && (
        <EnvelopeLog key={selected} id={selected} coordinator={coordinator} onChanged={reload}
          onClose={() => setSelected(null)} />
      )}
    </div>
  );
}

function EnvelopeLog({ id, coordinator, onChanged, onClose }: {
  id: string; coordinator: boolean; onChanged: () => void; onClose: () => void;
}) {
  const [item, setItem] = useState<EnvelopeDetail | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [asking, setAsking] = useState<"retry" | "cancel" | "repeat" | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    tramita.envelope(id).then(setItem).catch((e) => setError(e.message));
  }, [id]);
  useEffect(load, [load]);

  async function act(action: "retry" | "cancel" | "repeat") {
    setBusy(true);
    setError("");
    setNotice("");
    try {
      await { retry: tramita.retry, cancel: tramita.cancel, repeat: tramita.repeat }[action](id);
      setNotice({ retry: t.retried, cancel: t.cancelled, repeat: t.repeated }[action]);
      load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  }

  return (
    <section className="br-card p-3 my-3" data-testid="envelope-log" aria-label={t.events}>
      {!item ? (error ? <Message kind="danger">{error}</Message> : <p>{messages.loading}</p>) : (
        <>
          <div className="pm-log-head">
            <h3 className="h5 mt-0">
              {item.process_number || "—"} — {item.kind_label || t.kinds[item.kind ?? "process"]} —{" "}
              {item.direction_label} — {item.remote_name || "—"}
            </h3>
            <button type="button" className="br-button secondary small" onClick={onClose}>{t.close}</button>
          </div>
          <p>
            <span className={statusClass(item)}>{item.status_label}</span>{" "}
            {item.municipality && <>{t.municipality}: {item.municipality} · </>}
            {t.idt}: {item.idt ?? "—"}{item.nre && <> · {t.nre}: {item.nre}</>}
            {" · "}{t.attempts}: {item.attempts}
          </p>
          {item.urgent && (
            <p><span className="pm-status pm-status-danger">{t.urgentTag}</span>
              {item.urgency_reason && <> {t.urgencyReason}: {item.urgency_reason}</>}</p>
          )}
          {(item.sending_receipt_at || item.completion_receipt_at) && (
            <p>{t.sendingReceiptAt}: {formatDateTime(item.sending_receipt_at ?? null)}
              {" · "}{t.completionReceiptAt}: {formatDateTime(item.completion_receipt_at ?? null)}</p>
          )}
          {item.reproduction_of && <p>{t.reproduction}</p>}
          {item.refusal_text && <p><strong>{t.refusal}:</strong> {item.refusal_text}</p>}
          {item.last_error && <Message kind="danger">{t.lastError}: {item.last_error}</Message>}
          {error && <Message kind="danger">{error}</Message>}
          {notice && <Message kind="success">{notice}</Message>}
          {coordinator && isOpen(item) && (
            <div className="pm-actions">
              <button type="button" className="br-button primary small" onClick={() => setAsking("retry")}>
                {t.retry}
              </button>
              <button type="button" className="br-button secondary small" onClick={() => setAsking("cancel")}>
                {t.cancelTramite}
              </button>
            </div>
          )}
          {canRepeat(item) && (
            <div className="pm-actions">
              <button type="button" className="br-button secondary small" onClick={() => setAsking("repeat")}>
                {t.repeat}
              </button>
            </div>
          )}
          <h4 className="h6">{t.events}</h4>
          {item.events.length === 0 ? <p>{t.noEvents}</p> : (
            <ol className="pm-timeline" data-testid="envelope-events">
              {item.events.map((ev, i) => (
                <li key={i}>
                  <strong>{ev.message}</strong>
                  <div className="text-down-01">{formatDateTime(ev.created_at)} — <code>{ev.kind}</code></div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {asking && (
        <ConfirmDialog title={{ retry: t.retry, cancel: t.cancelTramite, repeat: t.repeat }[asking]}
          question={{ retry: t.confirmRetry, cancel: t.confirmCancel, repeat: t.confirmRepeat }[asking]}
          confirm={t.confirm} back={t.back} busy={busy}
          onConfirm={() => act(asking)} onClose={() => setAsking(null)} />
      )}
    </section>
  );
}
