// The process screen (SEI's "árvore do processo" and more): a header with what the
// process is, one toolbar of the actions the person may take now (from the server's
// `allowed_actions`), the tree of documents and the document itself, in the page.
import "./process/process.css";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";

import { api } from "../api";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { DocumentViewer } from "../components/DocumentViewer";
import { Message, type Notice, NoticeView } from "../components/Message";
import { ProgressBar } from "../components/ProgressBar";
import { formatDateTime } from "../dates";
import { messages } from "../i18n/pt-BR";
import { processMessages } from "../i18n/process";
import { linkProps } from "../router";
import { useMe } from "../shell/context";
import { type Envelope, isOpen, tramita } from "../tramita/api";
import { DocumentExternalPanel, SendDocumentDialog } from "../tramita/DocumentExternal";
import { ExternalPanel, SendDialog as ExternalSendDialog } from "../tramita/ProcessExternal";
import { type PdfJob, staff } from "./api";
import { Editor } from "./Editor";
import { ProcessLinks } from "./Lifecycle";
import { MarkerPanel } from "./Markers";
import { AssignDialog, CancelDocumentDialog, IncludeDocumentDialog, OtherProcessDialog, SendDialog,
  SignDialog, SuspendDialog, UploadDialog } from "./process/dialogs";
import { AccessGrantsDialog } from "./process/AccessGrants";
import { DocumentTree } from "./process/DocumentTree";
import { ProcessHeader } from "./process/ProcessHeader";
import { keys, useDocument, useEvents, useProcess } from "./process/queries";
import { Toolbar, type ToolbarAction, type ToolbarGroup } from "./process/Toolbar";
import type { ProcessAction, ProcessScreen, TreeDocument } from "./process/types";
import { WatchForm } from "./Watch";

const t = processMessages;
const lt = messages.lifecycle;

type DialogName = ProcessAction | "sign" | "cancel" | "send_document_external";

const PROCESS_GROUPS: [ProcessAction, ToolbarGroup][] = [
  ["add_document", "document"], ["upload_document", "document"],
  ["assign", "process"], ["markers", "process"], ["watch", "process"], ["relate", "process"],
  ["annex", "process"], ["suspend", "process"], ["resume", "process"], ["generate_pdf", "process"],
  ["grant_access", "process"],
  ["send", "dispatch"], ["send_external", "dispatch"], ["conclude", "dispatch"], ["reopen", "dispatch"],
];

/** The document to show first: the one asked for in the address, else the newest. */
function initialDocument(): string | null {
  return new URLSearchParams(window.location.search).get("documento");
}

export function ProcessView({ id }: { id: string }) {
  const client = useQueryClient();
  const query = useProcess(id);
  const process = query.data;
  const [selected, setSelected] = useState<string | null>(initialDocument);
  const [tab, setTab] = useState<"documents" | "history">("documents");
  const [dialog, setDialog] = useState<DialogName | null>(null);
  // A notice brought by the screen that led here (e.g. "Processo … criado.").
  const arrived = (useLocation().state as { notice?: string } | null)?.notice;
  const [notice, setNotice] = useState<Notice | null>(arrived ? { kind: "success", text: arrived } : null);
  const [pdf, setPdf] = useState<PdfJob | null>(null);
  const [envelopes, setEnvelopes] = useState<Envelope[]>([]);
  const events = useEvents(id, tab === "history");

  // After an action: this process (header, tree, allowed actions), its documents, and
  // what other screens show of it (the inbox, the unit's markers).
  const refresh = useCallback(() => {
    for (const key of [keys.process(id), ["document"], ["inbox"], ["markers"]]) {
      client.invalidateQueries({ queryKey: key });
    }
  }, [client, id]);
  const loadEnvelopes = useCallback(() => {
    tramita.processEnvelopes(id).then(setEnvelopes).catch(() => undefined);
  }, [id]);
  useEffect(loadEnvelopes, [loadEnvelopes]);

  // While a trâmite with another body runs, follow it; reload the process when it ends.
  const running = envelopes.filter(isOpen).map((e) => `${e.id}:${e.status}`).join(",");
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      tramita.processEnvelopes(id).then((next) => {
        const nextOpen = next.filter(isOpen).map((e) => `${e.id}:${e.status}`).join(",");
        setEnvelopes(next);
        if (nextOpen !== running) refresh();
      }).catch(() => undefined);
    }, 4000);
    return () => window.clearInterval(timer);
  }, [running, id, refresh]);

  const done = useCallback((text: string, select?: string) => {
    setDialog(null);
    setNotice({ kind: "success", text });
    if (select) setSelected(select);
    refresh();
  }, [refresh]);
  const fail = useCallback((text: string) => setNotice({ kind: "danger", text }), []);
  useGovbrSignatureReturn(id, done, fail);

  useEffect(() => {
    if (!pdf || pdf.status === "done" || pdf.status === "failed") return;
    const timer = window.setTimeout(() => {
      staff.pdf(id, pdf.id).then(setPdf).catch((e) => fail(e.message));
    }, 700);
    return () => window.clearTimeout(timer);
  }, [pdf, id, fail]);

  if (query.isError) return <Message kind="danger">{(query.error as Error).message}</Message>;
  if (!process) return <p role="status">{messages.loading}</p>;

  const documents = process.documents;
  const current = documents.find((d) => d.id === selected)
    ?? (selected === null ? documents[documents.length - 1] : undefined) ?? null;
  const allowed = new Set(process.allowed_actions ?? []);
  const docAllowed = new Set(current?.allowed_actions ?? []);
  const open = (name: DialogName) => () => { setNotice(null); setDialog(name); };

  // Grouped by the toolbar (document / process / dispatch), in this order within each.
  const actions: ToolbarAction[] = [];
  for (const [key, group] of PROCESS_GROUPS) {
    if (!allowed.has(key)) continue;
    const onClick = key === "generate_pdf"
      ? () => { setNotice(null); staff.requestPdf(id).then(setPdf).catch((e) => fail(e.message)); }
      : open(key);
    actions.push({ key, group, label: t.actions[key], onClick });
  }
  for (const key of ["sign", "cancel"] as const) {
    if (current && docAllowed.has(key)) {
      actions.push({ key, group: "document", label: t.actions[key], onClick: open(key) });
    }
  }
  if (current && docAllowed.has("send_external")) {
    actions.push({ key: "send_document_external", group: "document",
      label: messages.tramita.sendDocumentAction, onClick: open("send_document_external") });
  }

  const externalLock = process.lock === "external";
  const close = () => setDialog(null);
  return (
    <section className="pm-pv" aria-labelledby="pm-pv-title">
      <p className="pm-pv-back"><a {...linkProps("/")}>
        <i className="fas fa-arrow-left" aria-hidden="true" /> {t.back}</a></p>
      <span id="pm-pv-title" className="sr-only">{`Processo ${process.number}`}</span>
      <ProcessHeader process={process} />
      {process.suspended && (
        <div data-testid="suspended-banner">
          <Message kind="warning">{lt.suspendedBanner(process.suspension_reason)}</Message>
        </div>
      )}
      {process.locked && !process.suspended && !externalLock && (
        <Message kind="info">{lt.readOnly}</Message>
      )}
      <ExternalPanel envelopes={envelopes} locked={externalLock} />

      <div className="pm-pv-bar">
        <Toolbar actions={actions} />
        <div className="pm-pv-notice" data-testid="process-notice">
          <NoticeView notice={notice} onClose={() => setNotice(null)} />
          {pdf && pdf.status !== "done" && pdf.status !== "failed" && (
            <ProgressBar value={pdf.progress} label={t.pdf.progress} />
          )}
          {pdf?.status === "done" && (
            <a className="br-button secondary small" href={staff.pdfUrl(id, pdf.id)}>
              <i className="fas fa-file-pdf" aria-hidden="true" /> {t.pdf.ready}</a>
          )}
          {pdf?.status === "failed" && <Message kind="danger">{t.pdf.failed}</Message>}
        </div>
      </div>

      <ProcessLinks process={process} readOnly={externalLock || !allowed.has("relate")}
        onDone={(m) => done(m)} onError={fail} />

      <div className="br-tab pm-pv-tabs">
        <nav className="tab-nav">
          <ul role="tablist" aria-label={`Processo ${process.number}`}>
            {(["documents", "history"] as const).map((name) => (
              <li key={name} className={`tab-item ${tab === name ? "active" : ""}`} role="presentation">
                <button type="button" role="tab" id={`pm-tab-${name}`} aria-selected={tab === name}
                  aria-controls={`pm-panel-${name}`} onClick={() => setTab(name)}>
                  <span className="name">{t.tabs[name]}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      {tab === "history" ? (
        <div id="pm-panel-history" role="tabpanel" aria-labelledby="pm-tab-history">
          {!events.data && <p role="status">{messages.loading}</p>}
          {events.data && <ol className="pm-timeline" data-testid="history">
            {events.data.map((e, i) => (
              <li key={i}>
                <strong>{e.description}</strong>
                <div className="text-down-01">{formatDateTime(e.created_at)} {e.unit ? `— ${e.unit}` : ""}</div>
              </li>
            ))}
          </ol>}
        </div>
      ) : (
        <div id="pm-panel-documents" role="tabpanel" aria-labelledby="pm-tab-documents"
          className="pm-process">
          <DocumentTree documents={documents} selected={current?.id ?? null}
            onSelect={(doc) => { setSelected(doc); setNotice(null); }} />
          <div className="pm-document">
            {current && (
              <DocumentExternalPanel envelopes={envelopes.filter((e) => e.document_uuid === current.id)} />
            )}
            {current ? (
              <DocumentPane key={current.id} document={current}
                onSaved={(text) => setNotice({ kind: "success", text })} onError={fail} />
            ) : <p className="pm-muted">{t.viewer.select}</p>}
          </div>
        </div>
      )}

      <ProcessDialog name={dialog} process={process} document={current} onDone={done}
        onClose={close} onExternalSent={(envelope, message) => {
          setEnvelopes((all) => [envelope, ...all.filter((e) => e.id !== envelope.id)]);
          done(message ?? t.done.externalRequested(envelope.remote_name));
        }} />
    </section>
  );
}

function ProcessDialog({ name, process, document, onDone, onClose, onExternalSent }: {
  name: DialogName | null; process: ProcessScreen; document: TreeDocument | null;
  onDone: (m: string, select?: string) => void; onClose: () => void;
  onExternalSent: (envelope: Envelope, message?: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => { setError(""); setBusy(false); }, [name]);
  const props = { process, onDone, onClose };
  const post = (path: string, message: string) => async () => {
    setBusy(true);
    setError("");
    try {
      await api("POST", `/api/v1/processes/${process.id}/${path}/`);
      onDone(message);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  const c = processMessages.confirm;
  const me = useMe().data;
  const unit = me?.units.find((u) => u.id === me.current_unit)?.acronym ?? "";
  switch (name) {
    case "add_document": return <IncludeDocumentDialog {...props} />;
    case "upload_document": return <UploadDialog {...props} />;
    case "send": return <SendDialog {...props} />;
    case "assign": return <AssignDialog {...props} />;
    case "suspend": return <SuspendDialog {...props} />;
    case "relate": case "annex": return <OtherProcessDialog key={name} mode={name} {...props} />;
    case "grant_access": return <AccessGrantsDialog {...props} />;
    case "sign": return document ? <SignDialog document={document} onDone={onDone} onClose={onClose} /> : null;
    case "cancel":
      return document ? <CancelDocumentDialog document={document} onDone={onDone} onClose={onClose} /> : null;
    case "send_external":
      return <ExternalSendDialog processId={process.id} onClose={onClose} onSent={onExternalSent} />;
    case "send_document_external":
      return document ? <SendDocumentDialog document={document} documents={process.documents}
        onClose={onClose} onSent={onExternalSent} /> : null;
    case "conclude":
      return <ConfirmDialog title={c.concludeTitle} question={c.concludeQuestion(process.number, unit)}
        confirm={c.conclude} back={c.back} busy={busy} error={error} onClose={onClose}
        onConfirm={post("conclude", processMessages.done.concluded(process.number, unit))} />;
    case "reopen":
      return <ConfirmDialog title={c.reopenTitle} question={c.reopenQuestion(process.number, unit)}
        confirm={c.reopen} back={c.back} busy={busy} error={error} onClose={onClose}
        onConfirm={post("reopen", processMessages.done.reopened(process.number, unit))} />;
    case "resume":
      return <ConfirmDialog title={c.resumeTitle} question={c.resumeQuestion(process.number)}
        confirm={c.resume} back={c.back} busy={busy} error={error} onClose={onClose}
        onConfirm={post("resume", processMessages.done.resumed)} />;
    case "markers":
      return (
        <Dialog title={messages.markers.title} onClose={onClose} closeButton size="large">
          <MarkerPanel processId={process.id} current={process.markers}
            onDone={(m) => onDone(m)} onError={setError} />
          {error && <Message kind="danger">{error}</Message>}
        </Dialog>
      );
    case "watch":
      return (
        <Dialog title={messages.watch.title} onClose={onClose} closeButton>
          <WatchForm process={process} onDone={(m) => onDone(m)} onError={setError} />
          {error && <Message kind="danger">{error}</Message>}
        </Dialog>
      );
    default:
      return null;
  }
}

/** The selected document: the viewer, drawn from what the tree already knows (no wait
 * for the document's detail), or the editor for a draft the person may edit. */
function DocumentPane({ document: item, onSaved, onError }: {
  document: TreeDocument; onSaved: (m: string) => void; onError: (m: string) => void;
}) {
  const client = useQueryClient();
  const editable = item.allowed_actions.includes("edit") && item.state === "draft"
    && item.content_available;
  const query = useDocument(editable ? item.id : null);
  const html = useRef<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!editable) return <DocumentViewer doc={item} />;
  if (query.isError) return <Message kind="danger">{(query.error as Error).message}</Message>;
  const doc = query.data;
  if (!doc) return <p role="status">{t.viewer.loading}</p>;
  if (html.current === null) html.current = doc.html ?? "";

  async function save() {
    setSaving(true);
    try {
      const v = await staff.saveVersion(item.id, html.current ?? "");
      onSaved(t.viewer.saved(item.label, v.version));
      client.setQueryData(keys.document(item.id), { ...doc, html: v.html, version: v.version });
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  const editor = (
    <div className="pm-editor-box">
      <Editor html={doc.html ?? ""} onChange={(value) => { html.current = value; }} />
      <button type="button" className="br-button primary mt-2" disabled={saving} onClick={save}>
        <i className="fas fa-save" aria-hidden="true" /> {t.viewer.save}</button>
    </div>
  );
  return <DocumentViewer doc={{ ...item, html: doc.html }} editor={editor} />;
}

/** Back from a gov.br re-authentication (?assinar=<document>): sign with it. */
function useGovbrSignatureReturn(processId: string, onDone: (m: string, select?: string) => void,
  onError: (m: string) => void) {
  const client = useQueryClient();
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const documentId = params.get("assinar");
    if (!documentId) return;
    window.history.replaceState({}, "", window.location.pathname);
    staff.sign([documentId], "", params.get("cargo") ?? "", "govbr")
      .then(async () => {
        const process = client.getQueryData<ProcessScreen>(keys.process(processId));
        const label = process?.documents.find((d) => d.id === documentId)?.label;
        onDone(label ? processMessages.done.signed(label) : messages.staff.signTitle, documentId);
      })
      .catch((e) => onError((e as Error).message));
  }, [processId, client, onDone, onError]);
}
