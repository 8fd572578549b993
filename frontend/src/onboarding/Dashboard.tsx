import { type FormEvent, useCallback, useEffect, useState } from "react";

import { ApiError } from "../api";
import { Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { formatDateTime } from "../dates";
import { ProgressBar } from "../components/ProgressBar";
import { messages } from "../i18n/pt-BR";
import { linkProps, navigate } from "../router";
import { type Batch, type CaseSummary, type Filters, type Municipality, type Page,
  type Summary, onboarding } from "./api";
import { Funnel } from "./Funnel";

const t = messages.onboarding;
const PAGE_SIZE = 50;

export function Dashboard() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [filters, setFilters] = useState<Filters>({ status: "", search: "", page: 1 });
  const [search, setSearch] = useState("");
  const [page, setPage] = useState<Page<CaseSummary> | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState("");

  const reload = useCallback(() => {
    onboarding.summary().then(setSummary).catch((e) => setError(e.message));
    onboarding.cases(filters).then(setPage).catch((e) => setError(e.message));
  }, [filters]);

  useEffect(reload, [reload]);

  // While a bulk provisioning runs, follow its progress without blocking the page.
  useEffect(() => {
    if (!batch || batch.done + batch.failed >= batch.total) return;
    const timer = window.setTimeout(() => {
      onboarding.batch(batch.id).then((next) => {
        setBatch({ ...next, refused: batch.refused });
        if (next.done + next.failed >= next.total) reload();
      }).catch((e) => setError(e.message));
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [batch, reload]);

  const ready = (page?.results ?? []).filter((c) => c.status === "manager_designated");

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id); else next.add(id);
    setSelected(next);
  }

  async function provisionSelected() {
    setError("");
    try {
      const started = await onboarding.bulk([...selected]);
      setBatch(started);
      setSelected(new Set());
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    setFilters({ ...filters, search, page: 1 });
  }

  const pages = page ? Math.max(1, Math.ceil(page.count / PAGE_SIZE)) : 1;

  return (
    <section>
      <h1>{t.title}</h1>
      <nav className="pm-actions" aria-label={t.nav}>
        <a className="br-button secondary small" {...linkProps("/tramita")}>
          {messages.tramita.coordinatorLink}
        </a>
      </nav>
      {error && <Message kind="danger">{error}</Message>}
      {summary && (
        <>
          <p data-testid="summary-total">{t.total(summary.total, summary.catalogue)}</p>
          <ul className="pm-counts">
            {Object.entries(summary.counts).map(([status, count]) => (
              <li key={status}>
                <button type="button" className="br-tag" data-testid={`count-${status}`}
                  onClick={() => setFilters({ ...filters, status, page: 1 })}>
                  {t.statusLabels[status]}: <strong>{count}</strong>
                </button>
              </li>
            ))}
          </ul>
          <h2>{t.funnel}</h2>
          <Funnel funnel={summary.funnel} />
        </>
      )}

      <NewCase />

      <h2>{t.filters}</h2>
      <form className="pm-toolbar" onSubmit={applyFilters} noValidate>
        <Select id="filter-status" label={t.status} value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value, page: 1 })}
          options={[{ value: "", label: t.allStatuses },
            ...Object.entries(t.statusLabels).map(([value, label]) => ({ value, label }))]} />
        <Input id="filter-search" type="search" label={t.search} value={search} onChange={(e) => setSearch(e.target.value)} />
        <button className="br-button secondary" type="submit">{t.apply}</button>
        <a className="br-button secondary" href={onboarding.exportUrl(filters)} download>
          {t.exportCsv}
        </a>
      </form>

      {batch && (
        <div className="my-3" data-testid="batch">
          <ProgressBar value={batch.progress} label={t.progress} />
          <p>{t.bulkProgress(batch.done, batch.failed, batch.total)}</p>
          {batch.refused && batch.refused.length > 0 && (
            <Message kind="danger">
              {t.bulkRefused(batch.refused.length)}{" "}
              {batch.refused.map((r) => r.detail).join(" ")}
            </Message>
          )}
        </div>
      )}

      <div className="my-2">
        <button className="br-button primary" type="button" disabled={selected.size === 0}
          onClick={provisionSelected}>
          {t.bulkProvision(selected.size)}
        </button>
      </div>

      {page && page.results.length === 0 && <p>{t.noCases}</p>}
      {page && page.results.length > 0 && (
        <div className="pm-table-scroll" tabIndex={0} role="region" aria-label={t.title}><table className="pm-table" data-testid="cases">
          <thead>
            <tr>
              <th>
                <input type="checkbox" aria-label={t.selectAll}
                  checked={ready.length > 0 && ready.every((c) => selected.has(c.id))}
                  onChange={(e) => setSelected(e.target.checked
                    ? new Set([...selected, ...ready.map((c) => c.id)]) : new Set())} />
              </th>
              <th>{t.municipality}</th><th>{t.ibge}</th><th>{t.status}</th>
              <th>{t.address}</th><th>{t.updated}</th>
            </tr>
          </thead>
          <tbody>
            {page.results.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.status === "manager_designated" && (
                    <input type="checkbox" aria-label={t.select(c.name)}
                      checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                  )}
                </td>
                <td><a {...linkProps(`/implantacao/casos/${c.id}`)}>{c.name}</a></td>
                <td>{c.ibge_code}</td>
                <td>
                  {c.status_label}
                  {c.status === "provisioning" && (
                    <ProgressBar value={c.provisioning_progress} label={t.progress} />
                  )}
                </td>
                <td>{c.domain ?? ""}</td>
                <td>{formatDateTime(c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {page && pages > 1 && (
        <nav className="pm-pager" aria-label={t.page(filters.page, pages)}>
          <button type="button" className="br-button secondary small" disabled={filters.page <= 1}
            onClick={() => setFilters({ ...filters, page: filters.page - 1 })}>{t.previous}</button>
          <span>{t.page(filters.page, pages)}</span>
          <button type="button" className="br-button secondary small"
            disabled={filters.page >= pages}
            onClick={() => setFilters({ ...filters, page: filters.page + 1 })}>{t.next}</button>
        </nav>
      )}
    </section>
  );
}

function NewCase() {
  const [term, setTerm] = useState("");
  const [options, setOptions] = useState<Municipality[]>([]);
  const [chosen, setChosen] = useState<Municipality | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    if (term.trim().length < 2 || chosen) {
      setOptions([]);
      return;
    }
    const timer = window.setTimeout(() => {
      onboarding.municipalities(term).then((p) => setOptions(p.results.slice(0, 10)))
        .catch((e) => setError(e.message));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [term, chosen]);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    try {
      const created = await onboarding.open(chosen.ibge_code, reason);
      navigate(`/implantacao/casos/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <form className="pm-card" onSubmit={create} noValidate>
      <h2>{t.newCase}</h2>
      {error && <Message kind="danger">{error}</Message>}
      <Input id="new-case-search" label={t.findMunicipality} required value={chosen ? `${chosen.name}/${chosen.uf}` : term}
        onChange={(e) => { setChosen(null); setTerm(e.target.value); }} autoComplete="off" />
      {options.length > 0 && (
        <ul className="pm-options" aria-label={t.findMunicipality}>
          {options.map((m) => (
            <li key={m.ibge_code}>
              <button type="button" className="br-button secondary small"
                onClick={() => { setChosen(m); setOptions([]); }}>
                {m.name}/{m.uf} ({m.ibge_code})
              </button>
            </li>
          ))}
        </ul>
      )}
      {term.trim().length >= 2 && !chosen && options.length === 0 && <p>{t.noMunicipality}</p>}
      <Input id="new-case-reason" label={t.reasonOptional} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button className="br-button primary" type="submit" disabled={!chosen}>{t.create}</button>
    </form>
  );
}
