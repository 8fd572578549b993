// "Enviar documento para outro órgão": one signed document of a process, with anexos
// chosen among the process's other documents, sent as a documento avulso through
// Tramita GOV.BR; and, in the viewer, where the document went with the receipts.
import { useState } from "react";

import { Dialog } from "../components/Dialog";
import { Checkbox } from "../components/Field";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { type Envelope, formatDateTime, tramita } from "./api";
import { statusClass } from "./ProcessExternal";
import { type Choice, StructurePicker } from "./StructurePicker";
import { NOT_URGENT, UrgencyFields, urgencyComplete } from "./Urgency";

const t = messages.tramita;

export interface SendableDocument {
  id: string;
  label: string;
  state: string;
}

/** The documents that may go as anexos of `document`: the process's others, signed
 * (internal) or uploaded (external), not cancelled. */
export function attachmentChoices<D extends SendableDocument>(documents: D[], document: string): D[] {
  return documents.filter((d) => d.id !== document && (d.state === "signed" || d.state === "external"));
}

export function SendDocumentDialog({ document, documents, onSent, onClose }: {
  document: SendableDocument;
  documents: SendableDocument[];
  onSent: (envelope: Envelope, message: string) => void;
  onClose: () => void;
}) {
  const [choice, setChoice] = useState<Choice | null>(null);
  const [attachments, setAttachments] = useState<string[]>([]);
  const [urgency, setUrgency] = useState(NOT_URGENT);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const candidates = attachmentChoices(documents, document.id);

  async function confirm() {
    if (!choice) return;
    if (!urgencyComplete(urgency)) {
      setError(t.urgencyReasonRequired);
      return;
    }
    setBusy(true);
    setError("");
    try {
      const envelope = await tramita.sendDocument(document.id, {
        repository: choice.repository,
        structure: Number(choice.structure.numeroDeIdentificacaoDaEstrutura),
        // In the order of the process's tree.
        attachments: candidates.filter((d) => attachments.includes(d.id)).map((d) => d.id),
        urgency,
      });
      onSent(envelope, t.documentSent(document.label,
        envelope.remote_name || choice.structure.nome));
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <Dialog title={t.sendDocumentTitle} onClose={onClose} testId="send-document-external" size="large">
      {error && <Message kind="danger">{error}</Message>}
      <p>{t.sendDocumentIntro(document.label)}</p>
      <StructurePicker idPrefix="send-document" value={choice} onChange={setChoice} onError={setError} />
      <div className="pm-attachments mt-2" role="group" aria-labelledby="send-document-attachments">
        <p id="send-document-attachments" className="text-weight-semi-bold mb-1">{t.attachments}</p>
        {candidates.length === 0 ? <p className="text-down-01">{t.noAttachments}</p> : (
          candidates.map((d) => (
            <Checkbox key={d.id} id={`send-document-attachment-${d.id}`} label={d.label}
              checked={attachments.includes(d.id)}
              onChange={(e) => setAttachments((all) => e.target.checked
                ? [...all, d.id] : all.filter((id) => id !== d.id))} />
          ))
        )}
      </div>
      <UrgencyFields idPrefix="send-document" value={urgency} onChange={setUrgency} onError={setError} />
      <div className="pm-actions">
        <button type="button" className="br-button secondary" onClick={onClose}>{t.cancel}</button>
        <button type="button" className="br-button primary" disabled={!choice || busy} onClick={confirm}>
          {t.confirmSend}
        </button>
      </div>
    </Dialog>
  );
}

/** Where this document went as a documento avulso: status, destination, receipts. */
export function DocumentExternalPanel({ envelopes }: { envelopes: Envelope[] }) {
  if (envelopes.length === 0) return null;
  return (
    <section className="br-card p-3 mb-3" data-testid="document-external"
      aria-label={t.documentExternal}>
      <h2 className="h6 mt-0">{t.documentExternal}</h2>
      <ul className="pm-envelopes">
        {envelopes.map((e) => (
          <li key={e.id} data-testid="document-envelope">
            <span className={statusClass(e)} data-testid="document-envelope-status">{e.status_label}</span>{" "}
            <strong>{t.destination}:</strong> {e.remote_name || "—"}
            {e.urgent && <> · <span className="pm-status pm-status-danger">{t.urgentTag}</span>
              {e.urgency_reason && <> ({e.urgency_reason})</>}</>}
            <dl className="pm-facts">
              <dt>{t.idt}</dt><dd>{e.idt ?? "—"}</dd>
              {e.nre && <><dt>{t.nre}</dt><dd>{e.nre}</dd></>}
              <dt>{t.requestedAt}</dt><dd>{formatDateTime(e.created_at)}</dd>
              <dt>{t.sendingReceiptAt}</dt><dd>{formatDateTime(e.sending_receipt_at ?? null)}</dd>
              <dt>{t.completionReceiptAt}</dt><dd>{formatDateTime(e.completion_receipt_at ?? null)}</dd>
            </dl>
            {e.refusal_text && (
              <p className="pm-refusal"><strong>{t.refusal}:</strong> {e.refusal_text}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
