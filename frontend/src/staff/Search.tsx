import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router";
import { z } from "zod";

import { DateInput, Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { Pager } from "../components/Pager";
import { Table } from "../components/Table";
import { formatDate } from "../dates";
import { dateText, toIsoDate } from "../forms";
import { messages } from "../i18n/pt-BR";
import { staff } from "./api";
import {
  emptyFilters,
  hasFilters,
  pageCount,
  parseSearchQuery,
  type SearchFilters,
  searchQuery,
} from "./searchQuery";

const t = messages.search;

const schema = z.object({
  q: z.string().max(500),
  type: z.string(),
  unit: z.string(),
  from: dateText(false),
  to: dateText(false),
  party: z.string().max(200),
  number: z.string().max(40),
}).refine((v) => !v.from || !v.to || toIsoDate(v.to) >= toIsoDate(v.from), {
  message: messages.search.toBeforeFrom, path: ["to"],
});

/** Pesquisa: full-text search with filters over the processes I may see. The filters live
 * in the address (/pesquisa?q=…), so a search can be reloaded or shared. */
export function Search() {
  const [params, setParams] = useSearchParams();
  const asked = parseSearchQuery(`?${params.toString()}`);
  const searching = hasFilters(asked.filters);
  const query = searchQuery(asked.filters, asked.page);

  const types = useQuery({ queryKey: ["process-types"], queryFn: staff.processTypes });
  const units = useQuery({ queryKey: ["units"], queryFn: staff.units });
  const result = useQuery({
    queryKey: ["search", query],
    queryFn: () => staff.search(query),
    staleTime: 0,
    enabled: searching,
    placeholderData: keepPreviousData,
  });

  const form = useForm<SearchFilters>({
    resolver: zodResolver(schema),
    defaultValues: { ...asked.filters, from: formatDateField(asked.filters.from), to: formatDateField(asked.filters.to) },
  });
  const errors = form.formState.errors;

  const submit = form.handleSubmit((values) => {
    const filters = { ...values, from: toIsoDate(values.from), to: toIsoDate(values.to) };
    setParams(searchQuery(filters, 1));
  });
  function clear() {
    form.reset(emptyFilters);
    setParams("");
  }

  const data = result.data;
  const pages = data ? pageCount(data.count) : 1;

  return (
    <section>
      <h1>{t.title}</h1>
      <form className="pm-card" onSubmit={submit} role="search" data-testid="search-form" noValidate>
        <Input id="search-q" type="search" label={t.q} maxLength={500} {...form.register("q")} />
        <div className="pm-form-grid">
          <Select id="search-type" label={t.type} {...form.register("type")}
            options={[{ value: "", label: t.anyType }, ...(types.data ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
          <Select id="search-unit" label={t.unit} {...form.register("unit")}
            options={[{ value: "", label: t.anyUnit },
              ...(units.data ?? []).map((u) => ({ value: u.acronym, label: `${u.acronym} — ${u.name}` }))]} />
          <DateInput id="search-from" label={t.from} error={errors.from?.message} {...form.register("from")} />
          <DateInput id="search-to" label={t.to} error={errors.to?.message} {...form.register("to")} />
          <Input id="search-party" label={t.party} maxLength={200} {...form.register("party")} />
          <Input id="search-number" label={t.number} maxLength={40} inputMode="numeric" {...form.register("number")} />
        </div>
        <div className="pm-form-actions">
          <button type="button" className="br-button secondary" onClick={clear}>{t.clear}</button>
          <button type="submit" className="br-button primary">
            <i className="fas fa-search" aria-hidden="true"></i> {t.submit}
          </button>
        </div>
      </form>

      {result.isError && <Message kind="danger" focus>{result.error.message}</Message>}
      {result.isFetching && <p role="status">{t.searching}</p>}
      {!searching && <p>{t.hint}</p>}
      {searching && data && !result.isError && (data.count === 0 ? (
        <Message kind="info">{t.empty}</Message>
      ) : (
        <>
          <p role="status">{t.found(data.count)}</p>
          <Table caption={t.results} testId="search-results">
            <thead>
              <tr><th scope="col">{messages.staff.number}</th><th scope="col">{messages.staff.type}</th>
                <th scope="col">{messages.staff.summary}</th><th scope="col">{messages.staff.unit}</th>
                <th scope="col">{t.date}</th></tr>
            </thead>
            <tbody>
              {data.results.map((p) => (
                <tr key={p.id}>
                  <td className="pm-nowrap"><Link to={`/processos/${p.id}`}>{p.number}</Link></td>
                  <td>{p.process_type}</td>
                  <td>
                    {p.summary}
                    {p.snippet && <div className="text-down-01 pm-snippet">{p.snippet}</div>}
                  </td>
                  <td>{p.unit}</td>
                  <td>{formatDate(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={asked.page} pages={pages} label={t.results}
            onPage={(p) => setParams(searchQuery(asked.filters, p))} />
        </>
      ))}
    </section>
  );
}

/** An ISO date from the address shown as dd/mm/aaaa in the form. */
function formatDateField(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso) : iso;
}
