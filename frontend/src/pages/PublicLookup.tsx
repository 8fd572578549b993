import { type FormEvent, useState } from "react";

import { api } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";

const t = messages.publicLookup;

interface Result {
  number: string; access_level: "public" | "restricted"; process_type: string;
  created_at: string; unit: string; summary?: string; legal_basis?: string;
  municipality: { name: string; host: string };
  history?: { description: string; unit: string | null; created_at: string }[];
  documents?: { id: string; title: string; created_at: string }[];
}

/** Consulta pública: anyone can look a process up by its number. */
export function PublicLookup() {
  const [number, setNumber] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    setResult(null);
    try {
      setResult(await api<Result>("GET", `/api/v1/public/processes/?number=${encodeURIComponent(number)}`));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const here = window.location.host === result?.municipality.host;
  return (
    <section>
      <h1>{t.title}</h1>
      <form className="pm-filters" onSubmit={submit}>
        <div className="br-input">
          <label htmlFor="lookup-number">{t.number}</label>
          <input id="lookup-number" value={number} required placeholder="0000.01.0000000/2026-00"
            onChange={(e) => setNumber(e.target.value)} />
        </div>
        <button className="br-button primary" type="submit">{t.search}</button>
      </form>
      {error && <Message kind="info">{error}</Message>}
      {result && (
        <div className="br-card p-3" data-testid="lookup-result">
          <h2>{t.process} {result.number}</h2>
          <p>{result.municipality.name} — {result.process_type} — {t.levels[result.access_level]}</p>
          {result.access_level === "restricted" ? (
            <p>{t.restricted(result.legal_basis ?? "")}</p>
          ) : (
            <>
              <p><strong>{t.summary}:</strong> {result.summary}</p>
              <h3>{t.documents}</h3>
              <ul>{result.documents?.map((d) => (
                <li key={d.id}>{here ? <a href={`/api/v1/public/documents/${d.id}/content/`}>{d.title}</a>
                  : d.title}</li>
              ))}</ul>
              <h3>{t.history}</h3>
              <ol>{result.history?.map((h, i) => (
                <li key={i}>{new Date(h.created_at).toLocaleString("pt-BR")} — {h.description}</li>
              ))}</ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}
