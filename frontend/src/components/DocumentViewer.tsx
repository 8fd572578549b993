// The document, always shown in the page: internal HTML in a sandboxed frame, PDFs drawn
// by pdf.js (lazily loaded), images; download and print; the state of drafts, cancelled
// documents and other units' drafts said in words.
import "../signatures/signatures.css";

import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";

import { processMessages } from "../i18n/process";
import { signatureMessages } from "../i18n/signatures";
import { AuthenticityBlock, levelOf, useAuthenticity } from "../signatures/AuthenticityBlock";
import { type Signature, staff } from "../staff/api";
import { formatDateTime, formatSize } from "../dates";
import type { TreeDocument } from "../staff/process/types";
import { Message } from "./Message";

const PdfView = lazy(() => import("./PdfView"));
const t = processMessages.viewer;

export const contentUrl = (id: string) => `/api/v1/documents/${id}/content/`;

/** A document as the viewer needs it: what the process tree lists (its HTML, when
 * already fetched, saves a request when printing). */
export type ShownDocument = TreeDocument & { html?: string };

/** What the viewer does with a document, from its state and type. */
export function viewKind(doc: ShownDocument): "cancelled" | "unavailable" | "html" | "pdf"
  | "image" | "file" {
  if (doc.state === "cancelled") return "cancelled";
  if (!doc.content_available) return "unavailable";
  if (doc.kind === "internal") return "html";
  if (doc.content_type === "application/pdf") return "pdf";
  if (doc.content_type.startsWith("image/")) return "image";
  return "file";
}

function downloadName(doc: ShownDocument): string {
  if (doc.kind === "external" && doc.original_name) return doc.original_name;
  return `${doc.label.replace(/[\\/:*?"<>|]+/g, "-")}.html`;
}

/** Print just the document: internal HTML from a hidden, script-less frame; a PDF or
 * an image by printing the page with everything but the document hidden. */
async function printDocument(doc: ShownDocument, target: HTMLElement | null) {
  if (doc.kind === "internal") {
    const html = doc.html ?? (await staff.document(doc.id)).html ?? "";
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-same-origin allow-modals");
    frame.setAttribute("aria-hidden", "true");
    frame.className = "pm-print-frame";
    const stamps = doc.signatures.map((s) => `<p>${escapeHtml(signatureLine(s))}</p>`).join("");
    frame.srcdoc = `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>${
      escapeHtml(doc.label)}</title><body>${html}${stamps}</body></html>`;
    frame.onload = () => {
      frame.contentWindow?.print();
      window.setTimeout(() => frame.remove(), 1000);
    };
    document.body.append(frame);
    return;
  }
  if (!target) return;
  target.classList.add("pm-print-target");
  document.documentElement.classList.add("pm-printing");
  const done = () => {
    target.classList.remove("pm-print-target");
    document.documentElement.classList.remove("pm-printing");
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function signatureLine(s: Signature): string {
  return t.signedBy(s.signer_name, formatDateTime(s.signed_at), s.unit)
    + (s.method === "govbr" ? t.viaGovbr(s.trust_level) : "");
}

export function DocumentViewer({ doc, editor }: {
  doc: ShownDocument;
  /** The editor, for a draft the person may edit (it replaces the read-only view). */
  editor?: ReactNode;
}) {
  const kind = viewKind(doc);
  const url = contentUrl(doc.id);
  const canDownload = doc.allowed_actions.includes("download") && kind !== "cancelled"
    && kind !== "unavailable";
  const canPrint = kind === "html" || kind === "pdf" || kind === "image";
  const signed = doc.kind === "internal" && doc.state === "signed" && doc.signatures.length > 0;
  const authenticity = useAuthenticity(doc.id, signed, doc.signatures.length).data;
  const returned = useAdvancedSignatureReturn(doc);
  let body: ReactNode;
  if (kind === "cancelled") body = <Message kind="info">{t.cancelled}</Message>;
  else if (kind === "unavailable") {
    body = <div data-testid="content-unavailable"><Message kind="info">{t.otherUnitDraft}</Message></div>;
  } else if (editor) body = editor;
  else if (kind === "html") {
    body = <iframe title={doc.label} src={url} className="pm-frame" sandbox="" data-testid="html-view" />;
  } else if (kind === "pdf") {
    body = (
      <Suspense fallback={<p role="status">{t.pdfLoading}</p>}>
        <PdfView url={url} title={doc.label} />
      </Suspense>
    );
  } else if (kind === "image") {
    body = <img src={url} alt={doc.label} className="pm-image" data-testid="image-view" />;
  } else body = <p>{t.notViewable}</p>;

  return (
    <article className="pm-viewer" data-testid="document-pane" data-state={doc.state}
      aria-labelledby={`doc-title-${doc.id}`}>
      <header className="pm-viewer-head">
        <div>
          <h2 id={`doc-title-${doc.id}`} className="pm-viewer-title">{doc.label}</h2>
          {doc.kind === "external" && doc.original_name && (
            <p className="pm-viewer-file">{t.file(doc.original_name, formatSize(doc.size))}</p>
          )}
        </div>
        <div className="pm-viewer-actions">
          {canDownload && (
            <a className="br-button secondary small" href={url} download={downloadName(doc)}
              aria-label={t.downloadLabel(doc.label)}>
              <i className="fas fa-download" aria-hidden="true" /> {t.download}
            </a>
          )}
          {canPrint && !editor && (
            <button type="button" className="br-button secondary small"
              aria-label={t.printLabel(doc.label)}
              onClick={(e) => {
                const body = (e.currentTarget.closest(".pm-viewer") as HTMLElement | null)
                  ?.querySelector<HTMLElement>(".pm-viewer-body") ?? null;
                printDocument(doc, body).catch(() => window.print());
              }}>
              <i className="fas fa-print" aria-hidden="true" /> {t.print}
            </button>
          )}
        </div>
      </header>
      {doc.state === "draft" && kind !== "unavailable" && (
        <div className="pm-unsigned" data-testid="unsigned">
          <span className="br-tag pm-tag-warning"><i className="fas fa-pen" aria-hidden="true" />{" "}
            {t.unsigned}</span>
          <span className="pm-unsigned-help">{t.unsignedHelp}</span>
        </div>
      )}
      {returned && <Message kind="success" focus testId="signed-advanced">{returned}</Message>}
      {doc.signatures.map((s) => {
        const level = levelOf(authenticity, s);
        return (
          <p key={s.id} className="pm-stamp" data-testid="signature">
            <i className="fas fa-signature" aria-hidden="true" /> {signatureLine(s)}
            {level && <>{" — "}<span className="pm-sign-level" data-testid="signature-level">{level}</span></>}
            {" — SHA-256 "}<code>{s.sha256.slice(0, 16)}…</code>
          </p>
        );
      })}
      {signed && authenticity && (
        <AuthenticityBlock documentId={doc.id} label={doc.label} authenticity={authenticity} />
      )}
      <div className="pm-viewer-body">{body}</div>
    </article>
  );
}

/** Back from the gov.br advanced signature (its return page adds ?assinatura=<count> to
 * the address that named this document): say so once, naming the document. */
function useAdvancedSignatureReturn(doc: ShownDocument): string {
  const [text] = useState(() => {
    const params = new URLSearchParams(window.location.search);
    if (!params.has("assinatura") || params.get("documento") !== doc.id) return "";
    if (params.get("nivel") === "qualificada") return signatureMessages.signedQualified(doc.label);
    return signatureMessages.signedAdvanced(doc.label);
  });
  useEffect(() => {
    if (!text) return;
    const params = new URLSearchParams(window.location.search);
    params.delete("assinatura");
    params.delete("nivel");
    const rest = params.toString();
    window.history.replaceState(window.history.state, "",
      `${window.location.pathname}${rest ? `?${rest}` : ""}`);
  }, [text]);
  return text;
}
