import { type FormEvent, useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type Page, type ProcessType, type SearchHit, staff } from "./api";
import {
  emptyFilters,
  hasFilters,
  pageCount,
  parseSearchQuery,
  type SearchFilters,
  searchQuery,
} from "./searchQuery";

const t = messages.search;

/** Pesquisa: full-text search with filters over the processes I may see. The filters live
 * in the address (/pesquisa?q=…), so a search can be reloaded or shared. */
export function Search() {
  const initial = parseSearchQuery(window.location.search);
  const [form, setForm] = useState<SearchFilters>(initial.filters);
  // What was last submitted (the form may have changed since) and the page of it.
  const [asked, setAsked] = useState<{ filters: SearchFilters; page: number } | null>(
    hasFilters(initial.filters) ? initial : null,
  );
  const [result, setResult] = useState<Page<SearchHit> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState("");
  const [types, setTypes] = useState<ProcessType[]>([]);
  const [units, setUnits] = useState<{ id: string; acronym: string; name: string }[]>([]);

  useEffect(() => {
    staff.processTypes().then(setTypes).catch((e) => setError(e.message));
    staff.units().then((page) => setUnits(page.results)).catch((e) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!asked) return;
    let current = true; // a slower answer to an earlier search must not win
    const query = searchQuery(asked.filters, asked.page);
    window.history.replaceState({}, "", `/pesquisa${query ? `?${query}` : ""}`);
    setLoading(true);
    setError("");
    staff.search(query)
      .then((page) => current && setResult(page))
      .catch((e) => {
        if (!current) return;
        setResult(null);
        setError(e.message);
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [asked]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAsked({ filters: form, page: 1 });
  }

  function clear() {
    setForm(emptyFilters);
    setAsked(null);
    setResult(null);
    setError("");
    window.history.replaceState({}, "", "/pesquisa");
  }

  const field = (name: keyof SearchFilters) => ({
    id: `search-${name}`,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const pages = result ? pageCount(result.count) : 1;
  const page = asked?.page ?? 1;

  return (
    <section>
      <h1>{t.title}</h1>
      <form className="br-card p-3 mb-3" onSubmit={submit} role="search" data-testid="search-form">
        <div className="br-input mb-2">
          <label htmlFor="search-q">{t.q}</label>
          <input type="search" {...field("q")} maxLength={500} />
        </div>
        <div className="pm-search-filters">
          <div className="br-select">
            <label htmlFor="search-type">{t.type}</label>
            <select {...field("type")}>
              <option value="">{t.anyType}</option>
              {types.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </div>
          <div className="br-select">
            <label htmlFor="search-unit">{t.unit}</label>
            <select {...field("unit")}>
              <option value="">{t.anyUnit}</option>
              {units.map((u) => <option key={u.id} value={u.acronym}>{u.acronym} — {u.name}</option>)}
            </select>
          </div>
          <div className="br-input">
            <label htmlFor="search-from">{t.from}</label>
            <input type="date" {...field("from")} />
          </div>
          <div className="br-input">
            <label htmlFor="search-to">{t.to}</label>
            <input type="date" {...field("to")} />
          </div>
          <div className="br-input">
            <label htmlFor="search-party">{t.party}</label>
            <input {...field("party")} maxLength={200} />
          </div>
          <div className="br-input">
            <label htmlFor="search-number">{t.number}</label>
            <input {...field("number")} maxLength={40} inputMode="numeric" />
          </div>
        </div>
        <div className="pm-actions">
          <button type="submit" className="br-button primary">{t.submit}</button>
          <button type="button" className="br-button secondary" onClick={clear}>{t.clear}</button>
        </div>
      </form>

      {error && <Message kind="danger">{error}</Message>}
      {loading && <p role="status">{t.searching}</p>}
      {!asked && !error && <p>{t.hint}</p>}
      {result && !loading && (result.count === 0 ? (
        <Message kind="info">{t.empty}</Message>
      ) : (
        <>
          <p role="status">{t.found(result.count)}</p>
          <table className="br-table pm-table" data-testid="search-results" aria-label={t.results}>
            <thead>
              <tr><th>{messages.staff.number}</th><th>{messages.staff.type}</th>
                <th>{messages.staff.summary}</th><th>{messages.staff.unit}</th><th>{t.date}</th></tr>
            </thead>
            <tbody>
              {result.results.map((p) => (
                <tr key={p.id}>
                  <td><a {...linkProps(`/processos/${p.id}`)}>{p.number}</a></td>
                  <td>{p.process_type}</td>
                  <td>
                    {p.summary}
                    {p.snippet && <div className="text-down-01 pm-snippet">{p.snippet}</div>}
                  </td>
                  <td>{p.unit}</td>
                  <td>{new Date(p.created_at).toLocaleDateString("pt-BR")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && asked && (
            <nav className="pm-pager" aria-label={t.page(page, pages)}>
              <button type="button" className="br-button secondary small" disabled={page <= 1}
                onClick={() => setAsked({ ...asked, page: page - 1 })}>{t.previous}</button>
              <span>{t.page(page, pages)}</span>
              <button type="button" className="br-button secondary small" disabled={page >= pages}
                onClick={() => setAsked({ ...asked, page: page + 1 })}>{t.next}</button>
            </nav>
          )}
        </>
      ))}
    </section>
  );
}
