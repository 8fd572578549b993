import { type ReactNode, useState } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

import { Input } from "../../components/Field";
import { type Notice, NoticeView } from "../../components/Message";
import { Pager, pageOf } from "../../components/Pager";
import { Table } from "../../components/Table";
import { Tag } from "../../components/Tag";
import { serverFieldErrors } from "../../forms";
import { messages } from "../../i18n/pt-BR";

const t = messages.adminPage;
export const ADMIN_PAGE_SIZE = 10;

/** Puts an API refusal where it belongs: beside the field it names, else above the
 * form's buttons. Returns the message for the form when no field took it. */
export function placeServerError<T extends FieldValues>(form: UseFormReturn<T>, error: unknown, fields: Path<T>[]): string {
  const byField = serverFieldErrors(error);
  // Domain refusals name their field in the code: "name_taken", "acronym_taken".
  const code = (error as { code?: string } | null)?.code ?? "";
  if (code.endsWith("_taken")) byField[code.slice(0, -"_taken".length)] = (error as Error).message;
  let placed = false;
  for (const [key, message] of Object.entries(byField)) {
    if ((fields as string[]).includes(key)) {
      form.setError(key as Path<T>, { message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed ? "" : (error as Error).message;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/** A catalogue: search box, table with client-side paging, activate/deactivate, and the
 * message about the last change right above the table. */
export function CatalogueTable<T extends { id: string }>({ id, title, rows, loading, columns, text, active, onToggle, notice, onNotice, testId }: {
  id: string;
  title: string;
  rows: T[] | undefined;
  loading: boolean;
  columns: Column<T>[];
  /** What the search box matches. */
  text: (row: T) => string;
  active?: (row: T) => boolean;
  onToggle?: (row: T) => void;
  notice: Notice | null;
  onNotice: (n: Notice | null) => void;
  testId: string;
}) {
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const needle = normalize(query);
  const filtered = (rows ?? []).filter((r) => !needle || normalize(text(r)).includes(needle));
  const shown = pageOf(filtered, page, ADMIN_PAGE_SIZE);
  return (
    <div className="pm-card">
      <h2 id={`${id}-list`}>{title}</h2>
      <div className="pm-toolbar">
        <Input id={`${id}-search`} type="search" label={t.search} value={query}
          onChange={(e) => { setQuery(e.target.value); setPage(1); }} />
        <p className="pm-count" aria-live="polite" data-testid={`${testId}-count`}>{t.count(filtered.length, rows?.length ?? 0)}</p>
      </div>
      <NoticeView notice={notice} onClose={() => onNotice(null)} />
      {loading && <p role="status">{messages.loading}</p>}
      {!loading && filtered.length === 0 && <p className="pm-empty-text">{query ? t.noMatch : t.empty}</p>}
      {shown.rows.length > 0 && (
        <Table caption={title} testId={testId}>
          <thead><tr>
            {columns.map((c) => <th scope="col" key={c.header}>{c.header}</th>)}
            {active && <th scope="col">{t.status}</th>}
            {onToggle && <th scope="col"><span className="sr-only">{t.actions}</span></th>}
          </tr></thead>
          <tbody>{shown.rows.map((row) => {
            const on = active ? active(row) : true;
            return (
              <tr key={row.id} className={on ? "" : "pm-inactive-row"}>
                {columns.map((c) => <td key={c.header}>{c.cell(row)}</td>)}
                {active && <td><Tag tone={on ? "success" : "muted"}>{on ? t.active : t.inactive}</Tag></td>}
                {onToggle && (
                  <td className="pm-nowrap">
                    <button type="button" className="br-button secondary small" onClick={() => onToggle(row)}>
                      {on ? messages.admin.deactivate : messages.admin.activate}
                      <span className="sr-only"> {text(row)}</span>
                    </button>
                  </td>
                )}
              </tr>
            );
          })}</tbody>
        </Table>
      )}
      <Pager page={shown.page} pages={shown.pages} onPage={setPage} label={t.pages(title)} />
    </div>
  );
}

/** The "add" form of a section, in a card, with its own message above the buttons. */
export function AddCard({ id, title, children, error, onSubmit, submit, busy }: {
  id: string;
  title: string;
  children: ReactNode;
  error: string;
  onSubmit: () => void;
  submit: string;
  busy: boolean;
}) {
  return (
    <form className="pm-card" noValidate aria-labelledby={`${id}-title`}
      onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {error && <NoticeView notice={{ kind: "danger", text: error }} />}
      <div className="pm-form-actions">
        <button className="br-button primary" type="submit" disabled={busy}>{submit}</button>
      </div>
    </form>
  );
}

function normalize(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}
