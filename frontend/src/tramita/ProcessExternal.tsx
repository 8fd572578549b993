import { useState } from "react";

import { Dialog } from "../components/Dialog";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { type Envelope, formatDateTime, tramita } from "./api";
import { type Choice, StructurePicker } from "./StructurePicker";
import { NOT_URGENT, UrgencyFields, urgencyComplete } from "./Urgency";

const t = messages.tramita;

/** "Enviar para outro órgão": pick a Tramita structure and ask to send the process. */
export function SendDialog({ processId, onSent, onClose }: {
  processId: string;
  onSent: (envelope: Envelope) => void;
  onClose: () => void;
}) {
  const [choice, setChoice] = useState<Choice | null>(null);
  const [urgency, setUrgency] = useState(NOT_URGENT);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (!choice) return;
    if (!urgencyComplete(urgency)) {
      setError(t.urgencyReasonRequired);
      return;
    }
    setBusy(true);
    setError("");
    try {
      const envelope = await tramita.send(processId, choice.repository,
        Number(choice.structure.numeroDeIdentificacaoDaEstrutura), urgency);
      onSent(envelope);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t.sendTitle} onClose={onClose} testId="send-external">
      {error && <Message kind="danger">{error}</Message>}
      <StructurePicker idPrefix="send-external" value={choice} onChange={setChoice} onError={setError} />
      <UrgencyFields idPrefix="send-external" value={urgency} onChange={setUrgency} onError={setError} />
      <p className="text-down-01 mt-2">{t.sendWarning}</p>
      <div className="pm-actions">
        <button type="button" className="br-button secondary" onClick={onClose}>{t.cancel}</button>
        <button type="button" className="br-button primary" disabled={!choice || busy} onClick={confirm}>
          {t.confirmSend}
        </button>
      </div>
    </Dialog>
  );
}

/** Status tag colour by envelope status. */
export function statusClass(envelope: Pick<Envelope, "status" | "stuck">): string {
  if (envelope.status === "failed" || envelope.stuck) return "pm-status pm-status-danger";
  if (envelope.status === "completed") return "pm-status pm-status-success";
  if (envelope.status === "refused" || envelope.status === "cancelled") return "pm-status pm-status-muted";
  return "pm-status pm-status-info";
}

/** "Trâmite externo": every trâmite of the process with another body. */
export function ExternalPanel({ envelopes, locked }: { envelopes: Envelope[]; locked: boolean }) {
  if (envelopes.length === 0 && !locked) return null;
  return (
    <section className="br-card p-3 my-3 pm-external" data-testid="external-status"
      aria-label={t.external}>
      <h2 className="h5 mt-0">{t.external}</h2>
      {locked && <Message kind="info">{t.readOnly}</Message>}
      <ul className="pm-envelopes">
        {envelopes.map((e) => (
          <li key={e.id} data-testid="external-envelope">
            <span className={statusClass(e)} data-testid="external-status-label">{e.status_label}</span>{" "}
            <strong>{e.direction === "out" ? t.destination : t.origin}:</strong> {e.remote_name || "—"}
            {e.kind === "document" && <> · {e.kind_label || t.kinds.document}</>}
            {e.urgent && <> · <span className="pm-status pm-status-danger">{t.urgentTag}</span></>}
            <dl className="pm-facts">
              <dt>{t.idt}</dt><dd>{e.idt ?? "—"}</dd>
              {e.nre && <><dt>{t.nre}</dt><dd>{e.nre}</dd></>}
              <dt>{t.requestedAt}</dt><dd>{formatDateTime(e.created_at)}</dd>
              {e.completed_at && <><dt>{t.completedAt}</dt><dd>{formatDateTime(e.completed_at)}</dd></>}
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
