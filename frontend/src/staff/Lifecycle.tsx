import { type FormEvent, useState } from "react";

import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type ProcessDetail, type ProcessSummary, staff } from "./api";

const t = messages.lifecycle;

export function SuspendForm({ processId, onDone, onError }: {
  processId: string; onDone: (m: string) => void; onError: (m: string) => void;
}) {
  const [reason, setReason] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await staff.suspend(processId, reason);
      onDone(t.suspended);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="suspend-form">
      <h2>{t.suspendTitle}</h2>
      <div className="br-input mb-2">
        <label htmlFor="suspend-reason">{t.reason}</label>
        <input id="suspend-reason" value={reason} required maxLength={500}
          onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" className="br-button primary">{t.confirmSuspend}</button>
    </form>
  );
}

/** Relate to, or annex, another process found by its number (only one the person may
 * see is ever found: the search runs over what they may see). */
export function OtherProcessForm({ processId, mode, onDone, onError }: {
  processId: string; mode: "relate" | "annex";
  onDone: (m: string) => void; onError: (m: string) => void;
}) {
  const [number, setNumber] = useState("");
  const [found, setFound] = useState<ProcessSummary | null>(null);
  const [missing, setMissing] = useState(false);

  async function find(event: FormEvent) {
    event.preventDefault();
    try {
      const page = await staff.findByNumber(number);
      setFound(page.results[0] ?? null);
      setMissing(page.results.length === 0);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  async function confirm() {
    if (!found) return;
    try {
      if (mode === "relate") {
        await staff.relate(processId, found.id);
        onDone(t.related);
      } else {
        await staff.annex(processId, found.id);
        onDone(t.annexed);
      }
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <div className="br-card p-3 my-3" data-testid={`${mode}-form`}>
      <h2>{mode === "relate" ? t.relateTitle : t.annexTitle}</h2>
      {mode === "annex" && <p>{t.annexHelp}</p>}
      <form onSubmit={find}>
        <div className="br-input mb-2">
          <label htmlFor={`${mode}-number`}>{t.otherNumber}</label>
          <input id={`${mode}-number`} value={number} required
            onChange={(e) => { setNumber(e.target.value); setFound(null); setMissing(false); }} />
        </div>
        <button type="submit" className="br-button secondary">{t.find}</button>
      </form>
      {missing && <p>{t.notFound}</p>}
      {found && (
        <p className="mt-2" data-testid="found-process">
          <strong>{found.number}</strong> — {found.process_type} — {found.summary}{" "}
          <button type="button" className="br-button primary small" onClick={confirm}>
            {mode === "relate" ? t.relate : t.annex}
          </button>
        </p>
      )}
    </div>
  );
}

/** Relations, annexes and the process this one was annexed to (`readOnly`: without the
 * button that removes a relation, e.g. while the process is with another body). */
export function ProcessLinks({ process, readOnly = false, onDone, onError }: {
  process: ProcessDetail; readOnly?: boolean; onDone: (m: string) => void;
  onError: (m: string) => void;
}) {
  const item = (p: ProcessSummary) => (
    <><a {...linkProps(`/processos/${p.id}`)}>{p.number}</a> — {p.process_type} — {p.summary}</>
  );
  return (
    <>
      {process.annexed_to && (
        <p data-testid="annexed-to">{t.annexedTo} {item(process.annexed_to)}</p>
      )}
      {process.relations.length > 0 && (
        <div data-testid="relations">
          <h2 className="h5">{t.relations}</h2>
          <ul className="pm-links">
            {process.relations.map((p) => (
              <li key={p.id}>{item(p)}{" "}
                {!readOnly && (
                  <button type="button" className="br-button secondary small" onClick={() =>
                    staff.unrelate(process.id, p.id).then(() => onDone(t.unrelated))
                      .catch((e) => onError(e.message))}>{t.unrelate}</button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {process.annexes.length > 0 && (
        <div data-testid="annexes">
          <h2 className="h5">{t.annexes}</h2>
          <ul className="pm-links">{process.annexes.map((p) => <li key={p.id}>{item(p)}</li>)}</ul>
        </div>
      )}
    </>
  );
}
