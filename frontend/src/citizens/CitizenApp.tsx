// The citizen's area on a city host (/cidadao): meus processos, peticionar, recibos,
// intimações. Every call is a /api/v1/citizen/… one (never a staff endpoint).
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, NavLink, Outlet, useParams, useSearchParams } from "react-router";

import type { ApiError } from "../api";
import { Linkify } from "../components/Linkify";
import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { formatDateTime, formatSize } from "../dates";
import { citizenMessages as t } from "../i18n/citizens";
import { type CitizenDocument, citizen } from "./api";

const PdfView = lazy(() => import("../components/PdfView"));
const UUID = /^[0-9a-f-]{36}$/;

/** A refusal from the server: its pt-BR message, links clickable; a trust-level one
 * also links to how to raise the level. */
export function ErrorMessage({ error }: { error: ApiError | Error }) {
  const code = (error as ApiError).code;
  return (
    <Message kind={code === "trust_level_too_low" || code === "reauth_required" ? "warning" : "danger"}>
      <span style={{ overflowWrap: "anywhere" }}><Linkify text={error.message} /></span>
      {code === "trust_level_too_low" && (
        <> <a href="https://confiabilidades.acesso.gov.br/">{t.raiseLevel}</a></>
      )}
      {code === "reauth_required" && (
        <> <a href={`/login/govbr/?next=${encodeURIComponent(window.location.pathname)}`}>{t.petition.reauth}</a></>
      )}
    </Message>
  );
}

export function Loading() {
  return <p role="status">{t.loading}</p>;
}

/** The frame of the area: title, who is signed in and the tabs. */
export function CitizenApp() {
  const me = useQuery({ queryKey: ["citizen", "me"], queryFn: citizen.me, staleTime: 60_000 });
  const tabs = [
    { to: "/cidadao", label: t.tabs.processes, end: true },
    { to: "/cidadao/peticionar", label: t.tabs.petition, end: false },
    { to: "/cidadao/intimacoes", label: t.tabs.intimations, end: false },
    { to: "/cidadao/recibos", label: t.tabs.receipts, end: false },
    { to: "/cidadao/representacoes", label: t.tabs.representations, end: false },
  ];
  return (
    <div className="pm-citizen" data-testid="citizen-area">
      <h1>{t.areaTitle}</h1>
      {me.data && (
        <p data-testid="citizen-level">
          {t.welcome(me.data.name)}{" "}
          {me.data.trust_level && t.level(me.data.trust_level)}
        </p>
      )}
      <nav aria-label={t.tabs.label} className="pm-citizen-tabs">
        <ul style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", listStyle: "none", padding: 0 }}>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end}
                className={({ isActive }) => `br-button ${isActive ? "primary" : "secondary"} small`}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="pm-citizen-body" style={{ marginTop: "1rem" }}>
        <Outlet />
      </div>
    </div>
  );
}

/** "Processos de": everyone I act as (all), myself, or one company I represent. */
function ActingFor({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const companies = useQuery({ queryKey: ["citizen", "companies"], queryFn: citizen.companies, staleTime: 60_000 });
  const represented = companies.data?.represented ?? [];
  if (!represented.length) return null;
  return (
    <div className="br-select" style={{ maxWidth: "32rem", marginBottom: "1rem" }}>
      <label htmlFor="acting-for">{t.acting.label}</label>
      <div className="pm-select">
        <select id="acting-for" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t.processes.caption}</option>
          <option value="me">{t.acting.myself}</option>
          {represented.map((c) => (
            <option key={c.cnpj} value={c.cnpj}>{`${t.acting.onBehalf}: ${c.name}`}</option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function MyProcesses() {
  const [params, setParams] = useSearchParams();
  const acting = params.get("em-nome-de") ?? "";
  const q = useQuery({
    queryKey: ["citizen", "processes", acting],
    queryFn: () => citizen.processes(acting || undefined),
  });
  const chooser = (
    <ActingFor value={acting} onChange={(v) => setParams(v ? { "em-nome-de": v } : {})} />
  );
  if (q.isError) return <>{chooser}<ErrorMessage error={q.error} /></>;
  if (!q.data) return <>{chooser}<Loading /></>;
  const rows = q.data.results;
  if (!rows.length) return <>{chooser}<Message kind="info">{t.processes.none}</Message></>;
  return (
    <>
    {chooser}
    <Table caption={t.processes.caption} testId="my-processes">
      <thead>
        <tr>
          <th scope="col">{t.processes.number}</th>
          <th scope="col">{t.processes.type}</th>
          <th scope="col">{t.processes.units}</th>
          <th scope="col">{t.processes.lastEvent}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id}>
            <td><Link to={`/cidadao/processos/${p.id}`}>{p.number}</Link></td>
            <td>{p.process_type}{p.summary ? ` — ${p.summary}` : ""}</td>
            <td>{p.open_units.length ? p.open_units.join(", ") : t.processes.closed}</td>
            <td>{p.last_event ?? ""} {p.last_event_at ? `(${formatDateTime(p.last_event_at)})` : ""}</td>
          </tr>
        ))}
      </tbody>
    </Table>
    </>
  );
}

export function MyProcessRoute() {
  const { id = "" } = useParams();
  if (!UUID.test(id)) return <Message kind="danger">{t.processes.none}</Message>;
  return <MyProcess id={id} />;
}

function MyProcess({ id }: { id: string }) {
  const q = useQuery({ queryKey: ["citizen", "process", id], queryFn: () => citizen.process(id) });
  const [open, setOpen] = useState<CitizenDocument | null>(null);
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  const p = q.data;
  return (
    <section data-testid="citizen-process">
      <p><Link to="/cidadao">{t.process.back}</Link></p>
      <h2>{t.process.title(p.number)}</h2>
      <dl className="pm-dl">
        <dt>{t.processes.type}</dt><dd>{p.process_type}</dd>
        {p.summary && (<><dt>{t.process.summary}</dt><dd>{p.summary}</dd></>)}
        <dt>{t.process.parties}</dt><dd>{p.parties.map((x) => x.name).join(", ")}</dd>
        <dt>{t.processes.units}</dt><dd>{p.open_units.length ? p.open_units.join(", ") : t.processes.closed}</dd>
      </dl>
      <p>
        <Link className="br-button primary" to={`/cidadao/processos/${p.id}/peticionar`}>
          {t.intercurrent.fromProcess}
        </Link>
      </p>
      <h3>{t.process.documents}</h3>
      {!p.documents.length && <Message kind="info">{t.process.noDocuments}</Message>}
      <ul className="pm-citizen-docs" data-testid="citizen-documents">
        {p.documents.map((d) => (
          <li key={d.id} style={{ marginBottom: "0.5rem" }}>
            <button type="button" className="br-button secondary small" onClick={() => setOpen(d)}
              aria-label={t.process.open(d.title)}>
              {d.title}
            </button>{" "}
            <Tag tone="info">{t.access[d.access_level] ?? d.access_level}</Tag>{" "}
            {d.filed_by_me && <Tag tone="success">{t.process.filedByMe}</Tag>}{" "}
            {d.file_name && <span>{d.file_name} ({formatSize(d.size ?? 0)})</span>}
          </li>
        ))}
      </ul>
      {open && <CitizenViewer doc={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function CitizenViewer({ doc, onClose }: { doc: CitizenDocument; onClose: () => void }) {
  const url = citizen.contentUrl(doc.id);
  const name = (doc.file_name ?? "").toLowerCase();
  let body;
  if (doc.kind === "internal") {
    body = <iframe title={doc.title} src={url} className="pm-frame" sandbox="" data-testid="html-view" />;
  } else if (name.endsWith(".pdf")) {
    body = (
      <Suspense fallback={<p role="status">{t.process.pdfLoading}</p>}>
        <PdfView url={url} title={doc.title} />
      </Suspense>
    );
  } else if (/\.(png|jpe?g)$/.test(name)) {
    body = <img src={url} alt={doc.title} className="pm-image" />;
  } else body = <p>{t.process.notViewable}</p>;
  return (
    <article className="pm-viewer" data-testid="document-pane" aria-labelledby={`cdoc-${doc.id}`}>
      <header className="pm-viewer-head">
        <h3 id={`cdoc-${doc.id}`} className="pm-viewer-title">{doc.title}</h3>
        <div className="pm-viewer-actions">
          <a className="br-button secondary small" href={url} download={doc.file_name ?? undefined}>
            <i className="fas fa-download" aria-hidden="true" /> {t.process.download}
          </a>
          <button type="button" className="br-button secondary small" onClick={onClose}>{t.process.close}</button>
        </div>
      </header>
      <div className="pm-viewer-body">{body}</div>
    </article>
  );
}

export function Receipts() {
  const q = useQuery({ queryKey: ["citizen", "receipts"], queryFn: citizen.receipts });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  if (!q.data.results.length) return <Message kind="info">{t.receipt.none}</Message>;
  return (
    <Table caption={t.receipt.listCaption} testId="receipts">
      <thead><tr><th scope="col">{t.receipt.process}</th><th scope="col">{t.receipt.receivedAt}</th><th scope="col">{t.receipt.unit}</th></tr></thead>
      <tbody>
        {q.data.results.map((r) => (
          <tr key={r.id}>
            <td><Link to={`/cidadao/recibos/${r.id}`} aria-label={t.receipt.open(r.process.number)}>{r.process.number}</Link></td>
            <td>{formatDateTime(r.committed_at)}</td>
            <td>{r.unit}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function ReceiptRoute() {
  const { id = "" } = useParams();
  const q = useQuery({ queryKey: ["citizen", "receipt", id], queryFn: () => citizen.receipt(id), enabled: UUID.test(id) });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  const p = q.data;
  const r = p.receipt;
  return (
    <section data-testid="receipt">
      <h2>{t.receipt.title}</h2>
      <dl className="pm-dl">
        <dt>{t.receipt.process}</dt><dd data-testid="receipt-number">{p.process.number}</dd>
        <dt>{t.receipt.receivedAt}</dt><dd>{formatDateTime(p.committed_at)}</dd>
        <dt>{t.receipt.type}</dt><dd>{r.tipo_processo}</dd>
        <dt>{t.receipt.unit}</dt><dd>{r.unidade.sigla} — {r.unidade.nome}</dd>
        <dt>{t.receipt.signer}</dt>
        <dd>{r.signatario.nome} ({r.signatario.cpf}), {t.receipt.signature(r.signatario.assinatura, r.signatario.nivel_govbr)}</dd>
        {r.signatario.assinatura_descricao && (
          <><dt>{t.signing.title}</dt><dd data-testid="receipt-signature">{r.signatario.assinatura_descricao}</dd></>
        )}
      </dl>
      <Table caption={t.receipt.documents} captionVisible>
        <thead><tr><th scope="col">Nº</th><th scope="col">{t.processes.type}</th><th scope="col">Arquivo</th><th scope="col">{t.receipt.hash}</th></tr></thead>
        <tbody>
          {r.documentos.map((d) => (
            <tr key={d.id}>
              <td>{d.numero}</td>
              <td>{d.tipo} ({t.access[d.nivel_acesso] ?? d.nivel_acesso})</td>
              <td>{d.arquivo} ({formatSize(d.tamanho)})</td>
              <td><code style={{ wordBreak: "break-all" }}>{d.sha256}</code></td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p>{t.receipt.seal}: <code style={{ wordBreak: "break-all" }}>{p.receipt_sha256}</code></p>
      <div className="pm-actions">
        <a className="br-button primary" href={p.receipt_pdf} download>
          <i className="fas fa-download" aria-hidden="true" /> {t.receipt.download}
        </a>{" "}
        <Link className="br-button secondary" to={`/cidadao/processos/${p.process.id}`}>{t.receipt.openProcess}</Link>
      </div>
    </section>
  );
}


