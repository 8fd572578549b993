import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useSearchParams } from "react-router";
import { z } from "zod";

import { api } from "../api";
import { Input } from "../components/Field";
import { Message } from "../components/Message";
import { Tag } from "../components/Tag";
import { formatDate, formatDateTime } from "../dates";
import { requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";

const t = messages.publicLookup;

interface Result {
  number: string; access_level: "public" | "restricted"; process_type: string;
  created_at: string; unit: string; summary?: string; legal_basis?: string;
  municipality: { name: string; host: string };
  history?: { description: string; unit: string | null; created_at: string }[];
  documents?: { id: string; title: string; created_at: string }[];
}

const schema = z.object({ number: requiredText(t.numberRequired).max(60) });

/** Consulta pública: anyone can look a process up by its number (kept in the address). */
export function PublicLookup() {
  const [params, setParams] = useSearchParams();
  const number = params.get("numero") ?? "";
  const form = useForm<{ number: string }>({ resolver: zodResolver(schema), defaultValues: { number } });
  const lookup = useQuery({
    queryKey: ["public-lookup", number],
    queryFn: () => api<Result>("GET", `/api/v1/public/processes/?number=${encodeURIComponent(number)}`),
    enabled: number !== "",
  });
  const result = lookup.data;
  const here = window.location.host === result?.municipality.host;
  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      <form className="pm-inline-form pm-card" role="search" noValidate
        onSubmit={form.handleSubmit((v) => setParams({ numero: v.number.trim() }))}>
        <Input id="lookup-number" label={t.number} required placeholder="0000.01.0000000/2026-00"
          error={form.formState.errors.number?.message} {...form.register("number")} />
        <button className="br-button primary" type="submit">
          <i className="fas fa-search" aria-hidden="true"></i> {t.search}
        </button>
      </form>
      {lookup.isFetching && <p role="status">{messages.loading}</p>}
      {lookup.isError && <Message kind="info" focus>{lookup.error.message}</Message>}
      {result && (
        <article className="pm-card" data-testid="lookup-result">
          <h2>{t.process} {result.number}</h2>
          <p>
            {result.municipality.name} — {result.process_type}{" "}
            <Tag tone={result.access_level === "public" ? "success" : "warning"}>{t.levels[result.access_level]}</Tag>
          </p>
          <p>{t.createdAt}: {formatDate(result.created_at)} — {result.unit}</p>
          {result.access_level === "restricted" ? (
            <p>{t.restricted(result.legal_basis ?? "")}</p>
          ) : (
            <>
              <p><strong>{t.summary}:</strong> {result.summary}</p>
              <h3>{t.documents}</h3>
              {result.documents?.length ? (
                <ul>{result.documents.map((d) => (
                  <li key={d.id}>
                    {here ? <a href={`/api/v1/public/documents/${d.id}/content/`}>{d.title}</a> : d.title}
                    {" "}<span className="pm-hint">({formatDate(d.created_at)})</span>
                  </li>
                ))}</ul>
              ) : <p>{t.noDocuments}</p>}
              <h3>{t.history}</h3>
              <ol className="pm-timeline">{result.history?.map((h, i) => (
                <li key={i}><strong>{formatDateTime(h.created_at)}</strong> — {h.description}
                  {h.unit ? ` (${h.unit})` : ""}</li>
              ))}</ol>
            </>
          )}
        </article>
      )}
    </section>
  );
}
