import { type FormEvent, useCallback, useEffect, useState } from "react";

import { api } from "../api";
import { Message } from "../components/Message";
import { ProgressBar } from "../components/ProgressBar";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type DocumentDetail, type DocumentType, type PdfJob, type ProcessDetail,
  type ProcessEvent, type Template, staff } from "./api";
import { AssignForm, useUnitMembers } from "./Assign";
import { Editor } from "./Editor";
import { OtherProcessForm, ProcessLinks, SuspendForm } from "./Lifecycle";
import { MarkerChip, MarkerPanel } from "./Markers";
import { WatchForm } from "./Watch";
import { type Envelope, isOpen, tramita } from "../tramita/api";
import { ExternalPanel, SendDialog } from "../tramita/ProcessExternal";

const t = messages.staff;
const lt = messages.lifecycle;
type Panel = "none" | "internal" | "external" | "sign" | "send" | "assign" | "suspend" | "relate"
  | "annex" | "markers" | "watch";

export function ProcessView({ id }: { id: string }) {
  const [process, setProcess] = useState<ProcessDetail | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<"documents" | "history">("documents");
  const [events, setEvents] = useState<ProcessEvent[]>([]);
  const [panel, setPanel] = useState<Panel>("none");
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [pdf, setPdf] = useState<PdfJob | null>(null);
  const [version, setVersion] = useState(0);
  const members = useUnitMembers(null, setError);
  const [envelopes, setEnvelopes] = useState<Envelope[]>([]);
  const [sending, setSending] = useState(false);

  const load = useCallback(() => {
    staff.process(id).then(setProcess).catch((e) => setError(e.message));
    staff.events(id).then(setEvents).catch(() => undefined);
    tramita.processEnvelopes(id).then(setEnvelopes).catch(() => undefined);
  }, [id]);
  useEffect(load, [load]);

  // While a trâmite with another body runs, follow it; reload the process when it ends.
  const running = envelopes.filter(isOpen).map((e) => `${e.id}:${e.status}`).join(",");
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      tramita.processEnvelopes(id).then((next) => {
        const nextOpen = next.filter(isOpen).map((e) => `${e.id}:${e.status}`).join(",");
        if (nextOpen !== running) load(); else setEnvelopes(next);
      }).catch(() => undefined);
    }, 4000);
    return () => window.clearInterval(timer);
  }, [running, id, load]);
  const signedWithGovbr = useCallback((message: string, select?: string) => {
    setNotice(message);
    if (select) setSelected(select);
    setVersion((v) => v + 1);
    load();
  }, [load]);
  useGovbrSignatureReturn(signedWithGovbr, setError);

  useEffect(() => {
    if (!pdf || pdf.status === "done" || pdf.status === "failed") return;
    const timer = window.setTimeout(() => {
      staff.pdf(id, pdf.id).then(setPdf).catch((e) => setError(e.message));
    }, 700);
    return () => window.clearTimeout(timer);
  }, [pdf, id]);

  function done(message: string, select?: string) {
    setPanel("none");
    setNotice(message);
    setError("");
    if (select) setSelected(select);
    setVersion((v) => v + 1);
    load();
  }

  if (!process) return error ? <Message kind="danger">{error}</Message> : <p>{messages.loading}</p>;
  const current = process.documents.find((d) => d.id === selected) ?? null;
  // Two kinds of read-only. `externalLock`: the process is with another body (Tramita
  // GOV.BR), so every action that changes it is hidden. `process.locked` (from the API):
  // read-only for any reason (with another body, suspended or annexed); the actions stay
  // in place (a suspended process is resumed from here) and the server refuses changes.
  const externalLock = process.lock === "external";
  const toggle = (name: Panel) => () => setPanel(panel === name ? "none" : name);
  const fail = (e: Error) => setError(e.message);

  return (
    <section>
      <p><a {...linkProps("/")}>← {t.back}</a></p>
      <h1 data-testid="process-number">{process.number}</h1>
      <p>{process.process_type} — {process.summary} — {t.accessLevels[process.access_level]}
        {process.legal_basis && ` (${process.legal_basis.name})`}</p>
      {process.here.open && (
        <p data-testid="assignee">
          {messages.assign.assignedTo}: {process.here.assignee?.name ?? messages.assign.notAssigned}
        </p>
      )}
      {process.markers.length > 0 && (
        <p data-testid="process-markers">
          {process.markers.map((m) => <MarkerChip key={m.id} marker={m} note={m.note} />)}
        </p>
      )}
      {process.suspended && (
        <div data-testid="suspended-banner">
          <Message kind="info">{lt.suspendedBanner(process.suspension_reason)}</Message>
        </div>
      )}
      {/* The external lock has its own notice in the ExternalPanel. */}
      {process.locked && !process.suspended && !externalLock && (
        <Message kind="info">{lt.readOnly}</Message>
      )}

      <ExternalPanel envelopes={envelopes} locked={externalLock} />

      <div className="pm-actions" role="toolbar">
        {!externalLock && (<>
          <button type="button" className="br-button secondary small"
            onClick={() => setPanel(panel === "internal" ? "none" : "internal")}>{t.includeDocument}</button>
          <button type="button" className="br-button secondary small"
            onClick={() => setPanel(panel === "external" ? "none" : "external")}>{t.includeExternal}</button>
          {current && (
            <button type="button" className="br-button secondary small"
              onClick={() => setPanel(panel === "sign" ? "none" : "sign")}>{t.sign}</button>
          )}
          <button type="button" className="br-button secondary small"
            onClick={() => setPanel(panel === "send" ? "none" : "send")}>{messages.inbox.send}</button>
          {process.here.open && (
            <button type="button" className="br-button secondary small"
              onClick={() => setPanel(panel === "assign" ? "none" : "assign")}>{messages.assign.button}</button>
          )}
          <button type="button" className="br-button secondary small" onClick={() =>
            api("POST", `/api/v1/processes/${id}/conclude/`).then(() => done(messages.inbox.concluded))
              .catch((e) => setError(e.message))}>{messages.inbox.conclude}</button>
          <button type="button" className="br-button secondary small" onClick={() =>
            api("POST", `/api/v1/processes/${id}/reopen/`).then(() => done(messages.inbox.reopened))
              .catch((e) => setError(e.message))}>{messages.inbox.reopen}</button>
          <button type="button" className="br-button secondary small"
            onClick={() => { setPanel("none"); setSending(true); }}>{messages.tramita.sendAction}</button>
          {process.suspended ? (
            <button type="button" className="br-button secondary small" onClick={() =>
              staff.resume(id).then(() => done(lt.resumed)).catch(fail)}>{lt.resume}</button>
          ) : (
            <button type="button" className="br-button secondary small" onClick={toggle("suspend")}>
              {lt.suspend}</button>
          )}
          <button type="button" className="br-button secondary small" onClick={toggle("relate")}>
            {lt.relate}</button>
          <button type="button" className="br-button secondary small" onClick={toggle("annex")}>
            {lt.annex}</button>
        </>)}
        {/* The unit's markers and my watch list annotate the process without changing it:
            available even while it is with another body. */}
        <button type="button" className="br-button secondary small" onClick={toggle("markers")}>
          {messages.markers.button}</button>
        <button type="button" className="br-button secondary small" onClick={toggle("watch")}>
          {messages.watch.button}</button>
        <button type="button" className="br-button secondary small"
          onClick={() => staff.requestPdf(id).then(setPdf).catch((e) => setError(e.message))}>
          {t.generatePdf}
        </button>
      </div>
      {pdf && pdf.status !== "done" && pdf.status !== "failed" && (
        <ProgressBar value={pdf.progress} label={t.generatePdf} />
      )}
      {pdf?.status === "done" && <a href={staff.pdfUrl(id, pdf.id)}>{t.pdfReady}</a>}
      {pdf?.status === "failed" && <Message kind="danger">{t.pdfFailed}</Message>}
      {error && <Message kind="danger">{error}</Message>}
      {notice && <Message kind="success">{notice}</Message>}

      {sending && (
        <SendDialog processId={id} onClose={() => setSending(false)} onSent={(envelope) => {
          setSending(false);
          setEnvelopes((all) => [envelope, ...all.filter((e) => e.id !== envelope.id)]);
          done(messages.tramita.sent(envelope.remote_name));
        }} />
      )}
      {!externalLock && panel === "internal" && <NewInternal processId={id} onDone={done} onError={setError} />}
      {!externalLock && panel === "external" && <NewExternal processId={id} onDone={done} onError={setError} />}
      {!externalLock && panel === "send" && <SendForm processId={id} onDone={done} onError={setError} />}
      {panel === "assign" && (
        <AssignForm processId={id} current={process.here.assignee} members={members}
          onDone={done} onError={setError} />
      )}
      {!externalLock && panel === "sign" && current && (
        <SignForm documentId={current.id} onDone={done} onError={setError} />
      )}
      {!externalLock && panel === "suspend" && (
        <SuspendForm processId={id} onDone={done} onError={setError} />
      )}
      {!externalLock && (panel === "relate" || panel === "annex") && (
        <OtherProcessForm key={panel} processId={id} mode={panel} onDone={done} onError={setError} />
      )}
      {panel === "markers" && (
        <MarkerPanel processId={id} current={process.markers} onDone={done} onError={setError} />
      )}
      {panel === "watch" && <WatchForm process={process} onDone={done} onError={setError} />}
      <ProcessLinks process={process} readOnly={externalLock} onDone={done} onError={setError} />

      <div className="br-tab my-3">
        <nav className="tab-nav">
          <ul>
            <li className={`tab-item ${tab === "documents" ? "active" : ""}`}>
              <button type="button" onClick={() => setTab("documents")}>{t.documents}</button>
            </li>
            <li className={`tab-item ${tab === "history" ? "active" : ""}`}>
              <button type="button" onClick={() => setTab("history")}>{t.history}</button>
            </li>
          </ul>
        </nav>
      </div>

      {tab === "history" ? (
        <ol className="pm-timeline" data-testid="history">
          {events.map((e, i) => (
            <li key={i}>
              <strong>{e.description}</strong>
              <div className="text-down-01">
                {new Date(e.created_at).toLocaleString("pt-BR")} {e.unit ? `— ${e.unit}` : ""}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <div className="pm-process">
          <nav className="pm-tree" aria-label={t.documents} data-testid="tree">
            {process.documents.length === 0 && <p>{t.noDocuments}</p>}
            <ul>
              {process.documents.map((d) => (
                <li key={d.id}>
                  <button type="button" className={d.id === selected ? "active" : ""}
                    onClick={() => { setSelected(d.id); setPanel("none"); }}>
                    <i className={`fas ${d.kind === "internal" ? "fa-file-alt" : "fa-paperclip"}`}
                      aria-hidden="true" /> {d.title}
                    {d.signed && <i className="fas fa-signature ml-1" title="Assinado" aria-hidden="true" />}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="pm-document">
            {current ? <DocumentPane key={`${current.id}-${version}`} documentId={current.id}
              readOnly={process.locked || externalLock}
              onSaved={(v) => setNotice(t.saved(v))} onError={setError} />
              : <p>{t.selectDocument}</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function DocumentPane({ documentId, readOnly, onSaved, onError }: {
  documentId: string; readOnly: boolean; onSaved: (version: number) => void;
  onError: (m: string) => void;
}) {
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [html, setHtml] = useState("");
  useEffect(() => {
    staff.document(documentId).then((d) => { setDoc(d); setHtml(d.html ?? ""); })
      .catch((e) => onError(e.message));
  }, [documentId, onError]);

  if (!doc) return <p>{t.loadingDocument}</p>;
  const url = staff.contentUrl(doc.id);
  return (
    <div data-testid="document-pane">
      <h2>{doc.title}</h2>
      {doc.signatures.map((s) => (
        <p key={s.id} className="pm-stamp" data-testid="signature">
          {t.signedBy(s.signer_name, new Date(s.signed_at).toLocaleString("pt-BR"), s.unit)}
          {s.method === "govbr" && t.viaGovbr(s.trust_level)}
          {" — SHA-256 "}<code>{s.sha256.slice(0, 16)}…</code>
        </p>
      ))}
      {doc.kind === "internal" && !doc.signed && !readOnly ? (
        <>
          <Editor html={doc.html ?? ""} onChange={setHtml} />
          <button type="button" className="br-button primary mt-2" onClick={() =>
            staff.saveVersion(doc.id, html).then((v) => onSaved(v.version))
              .catch((e) => onError(e.message))}>{t.save}</button>
        </>
      ) : doc.kind === "internal" ? (
        <iframe title={doc.title} src={url} className="pm-frame" sandbox="" />
      ) : doc.content_type.startsWith("image/") ? (
        <img src={url} alt={doc.title} className="pm-image" />
      ) : doc.content_type === "application/pdf" ? (
        <iframe title={doc.title} src={url} className="pm-frame" />
      ) : (
        <a className="br-button secondary" href={url}>{doc.original_name}</a>
      )}
    </div>
  );
}

function NewInternal({ processId, onDone, onError }: {
  processId: string; onDone: (m: string, select?: string) => void; onError: (m: string) => void;
}) {
  const [types, setTypes] = useState<DocumentType[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [type, setType] = useState("");
  const [template, setTemplate] = useState("");
  useEffect(() => {
    staff.documentTypes().then((all) => setTypes(all.filter((d) => d.active && d.usage !== "external")))
      .catch((e) => onError(e.message));
    staff.templates().then(setTemplates).catch(() => undefined);
  }, [onError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const doc = await staff.createDocument(processId, { document_type: type, template: template || null });
      onDone(doc.title, doc.id);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="new-internal">
      <div className="br-select mb-2">
        <label htmlFor="doc-type">{t.documentType}</label>
        <select id="doc-type" value={type} required onChange={(e) => setType(e.target.value)}>
          <option value="" />
          {types.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      </div>
      <div className="br-select mb-2">
        <label htmlFor="doc-template">{t.template}</label>
        <select id="doc-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
          <option value="">{t.noTemplate}</option>
          {templates.filter((x) => x.document_type === type).map((x) => (
            <option key={x.id} value={x.id}>{x.name}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="br-button primary">{t.includeDocument}</button>
    </form>
  );
}

function NewExternal({ processId, onDone, onError }: {
  processId: string; onDone: (m: string, select?: string) => void; onError: (m: string) => void;
}) {
  const [types, setTypes] = useState<DocumentType[]>([]);
  useEffect(() => {
    staff.documentTypes().then((all) => setTypes(all.filter((d) => d.active && d.usage !== "internal")))
      .catch((e) => onError(e.message));
  }, [onError]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const doc = await staff.upload(processId, new FormData(event.currentTarget));
      onDone(doc.title, doc.id);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="new-external">
      <div className="br-select mb-2">
        <label htmlFor="ext-type">{t.documentType}</label>
        <select id="ext-type" name="document_type" required>
          <option value="" />
          {types.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      </div>
      <div className="br-input mb-2">
        <label htmlFor="ext-date">{t.documentDate}</label>
        <input id="ext-date" name="document_date" type="date" />
      </div>
      <div className="br-select mb-2">
        <label htmlFor="ext-form">{t.form}</label>
        <select id="ext-form" name="form" defaultValue="original">
          {Object.entries(t.forms).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div className="br-upload mb-2">
        <label htmlFor="ext-file">{t.file}</label>
        <input id="ext-file" name="file" type="file" required />
      </div>
      <button type="submit" className="br-button primary">{t.send}</button>
    </form>
  );
}

/** Back from a gov.br re-authentication (?assinar=<document>): sign with it. */
function useGovbrSignatureReturn(onDone: (m: string, select?: string) => void,
  onError: (m: string) => void) {
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const documentId = params.get("assinar");
    if (!documentId) return;
    window.history.replaceState({}, "", window.location.pathname);
    staff.sign([documentId], "", params.get("cargo") ?? "", "govbr")
      .then(() => onDone(t.signTitle, documentId))
      .catch((e) => onError((e as Error).message));
  }, [onDone, onError]);
}

function SignForm({ documentId, onDone, onError }: {
  documentId: string; onDone: (m: string, select?: string) => void; onError: (m: string) => void;
}) {
  const [password, setPassword] = useState("");
  const [role, setRole] = useState("");
  function withGovbr() {
    const back = `${window.location.pathname}?${new URLSearchParams({ assinar: documentId, cargo: role })}`;
    window.location.assign(`/login/govbr/?${new URLSearchParams({ next: back, reauth: "1" })}`);
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await staff.sign([documentId], password, role);
      onDone(t.signTitle, documentId);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="sign-form">
      <h2>{t.signTitle}</h2>
      <div className="br-input mb-2">
        <label htmlFor="sign-role">{t.role}</label>
        <input id="sign-role" value={role} onChange={(e) => setRole(e.target.value)} />
      </div>
      <div className="br-input mb-2">
        <label htmlFor="sign-password">{t.password}</label>
        <input id="sign-password" type="password" value={password} required
          autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" className="br-button primary">{t.confirmSign}</button>{" "}
      <button type="button" className="br-button secondary" onClick={withGovbr}>
        {t.signWithGovbr}
      </button>
    </form>
  );
}

function SendForm({ processId, onDone, onError }: {
  processId: string; onDone: (m: string) => void; onError: (m: string) => void;
}) {
  const [units, setUnits] = useState<{ id: string; acronym: string; name: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [keepOpen, setKeepOpen] = useState(false);
  const [returnDate, setReturnDate] = useState("");
  useEffect(() => {
    api<{ results: { id: string; acronym: string; name: string }[] }>("GET", "/api/v1/units/")
      .then((page) => setUnits(page.results)).catch((e) => onError(e.message));
  }, [onError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const result = await api<{ sent_to: string[] }>("POST", `/api/v1/processes/${processId}/send/`, {
        units: chosen, note, keep_open: keepOpen, return_date: returnDate || null,
      });
      onDone(messages.inbox.sent(result.sent_to.join(", ")));
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="send-form">
      <div className="br-select mb-2">
        <label htmlFor="send-units">{messages.inbox.destinations}</label>
        <select id="send-units" multiple value={chosen} required
          onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}>
          {units.map((u) => <option key={u.id} value={u.id}>{u.acronym} — {u.name}</option>)}
        </select>
      </div>
      <div className="br-input mb-2">
        <label htmlFor="send-note">{messages.inbox.note}</label>
        <input id="send-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="br-input mb-2">
        <label htmlFor="send-return">{messages.inbox.returnDate}</label>
        <input id="send-return" type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} />
      </div>
      <label className="mb-2"><input type="checkbox" checked={keepOpen}
        onChange={(e) => setKeepOpen(e.target.checked)} /> {messages.inbox.keepOpen}</label>
      <div><button type="submit" className="br-button primary">{messages.inbox.sendButton}</button></div>
    </form>
  );
}
