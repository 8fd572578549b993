import { type FormEvent, useCallback, useEffect, useState } from "react";

import { Message } from "../components/Message";
import { ProgressBar } from "../components/ProgressBar";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type CaseDetail as Case, onboarding } from "./api";

const t = messages.onboarding;
// Actions whose form asks for a mandatory reason.
const NEEDS_REASON = new Set(["pause", "cancel"]);

export function CaseDetail({ id }: { id: string }) {
  const [item, setItem] = useState<Case | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = useCallback(() => {
    onboarding.detail(id).then(setItem).catch((e) => setError(e.message));
  }, [id]);
  useEffect(load, [load]);

  // Follow the provisioning job while it runs.
  useEffect(() => {
    if (item?.status !== "provisioning") return;
    const timer = window.setTimeout(load, 1000);
    return () => window.clearTimeout(timer);
  }, [item, load]);

  async function run(action: string, body: Record<string, unknown>) {
    setError("");
    setNotice("");
    try {
      setItem(await onboarding.action(id, action, body));
      setNotice(t.done);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  if (!item) return error ? <Message kind="danger">{error}</Message> : <p>{messages.loading}</p>;

  return (
    <section>
      <p><a {...linkProps("/implantacao")}>← {t.back}</a></p>
      <h1 data-testid="case-title">{item.name}/{item.uf}</h1>
      <p>
        <span className="br-tag" data-testid="case-status">{item.status_label}</span>{" "}
        {t.ibge} {item.ibge_code}
      </p>
      {item.status === "provisioning" && (
        <div data-testid="case-progress">
          <ProgressBar value={item.provisioning_progress} label={t.progress} />
          <p>{t.stepLabels[item.provisioning_step] ?? item.provisioning_step}</p>
        </div>
      )}
      {item.provisioning_error && <Message kind="danger">{item.provisioning_error}</Message>}
      {error && <Message kind="danger">{error}</Message>}
      {notice && <Message kind="success">{notice}</Message>}

      <div className="pm-columns">
        <div>
          <h2>{t.actions}</h2>
          {item.available_actions.length === 0 && <p>{t.noActions}</p>}
          {item.available_actions.map((action) => (
            <ActionForm key={`${action}-${item.status}`} action={action} item={item} run={run} />
          ))}

          <h2>{t.documents}</h2>
          <Documents item={item} onUploaded={() => { setNotice(t.uploaded); load(); }}
            onError={setError} />

          {item.manager && (
            <>
              <h2>{t.manager}</h2>
              <p data-testid="manager">
                {item.manager.name} — {item.manager.cpf_masked} — {item.manager.email}
              </p>
            </>
          )}
          {item.tenant && (
            <>
              <h2>{t.environment}</h2>
              <p data-testid="tenant-domain">{item.tenant.domain}</p>
            </>
          )}
        </div>
        <div>
          <h2>{t.timeline}</h2>
          <ol className="pm-timeline" data-testid="timeline">
            {[...item.events].reverse().map((event, index) => (
              <li key={index}>
                <strong>{event.label}</strong>
                <div className="text-down-01">
                  {new Date(event.created_at).toLocaleString("pt-BR")} {t.by} {event.actor}
                </div>
                {event.reason && <div>{event.reason}</div>}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}

function ActionForm({ action, item, run }: {
  action: string; item: Case; run: (action: string, body: Record<string, unknown>) => void;
}) {
  const [reason, setReason] = useState("");
  const [manager, setManager] = useState({ name: "", cpf: "", email: "" });
  const [slug, setSlug] = useState(item.suggested_slug ?? "");
  const label = t.actionLabels[action] ?? action;
  const required = NEEDS_REASON.has(action);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> =
      action === "designate_manager" ? { ...manager, reason }
        : action === "provision" ? { slug } : { reason };
    run(action, body);
  }

  return (
    <form className="br-card p-3 mb-3" onSubmit={submit} data-testid={`action-${action}`}>
      {action === "designate_manager" && (
        <>
          {(["name", "cpf", "email"] as const).map((field) => (
            <div className="br-input mb-2" key={field}>
              <label htmlFor={`manager-${field}`}>
                {{ name: t.managerName, cpf: t.managerCpf, email: t.managerEmail }[field]}
              </label>
              <input id={`manager-${field}`} value={manager[field]} required
                type={field === "email" ? "email" : "text"}
                onChange={(e) => setManager({ ...manager, [field]: e.target.value })} />
            </div>
          ))}
        </>
      )}
      {action === "provision" && (
        <div className="br-input mb-2">
          <label htmlFor="provision-slug">{t.slug}</label>
          <input id="provision-slug" value={slug} onChange={(e) => setSlug(e.target.value)} />
          <p className="text-down-01">{t.slugHelp(`${slug}.${window.location.host}`)}</p>
        </div>
      )}
      {action !== "provision" && (
        <div className="br-input mb-2">
          <label htmlFor={`reason-${action}`}>{required ? t.reasonRequired : t.reasonOptional}</label>
          <input id={`reason-${action}`} value={reason} required={required}
            onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <button type="submit"
        className={`br-button ${action === "cancel" || action === "pause" ? "secondary" : "primary"}`}>
        {label}
      </button>
    </form>
  );
}

function Documents({ item, onUploaded, onError }: {
  item: Case; onUploaded: () => void; onError: (message: string) => void;
}) {
  const [kind, setKind] = useState("agreement");
  const [file, setFile] = useState<File | null>(null);
  const closed = item.status === "live" || item.status === "cancelled";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    try {
      await onboarding.upload(item.id, kind, file);
      setFile(null);
      (event.target as HTMLFormElement).reset();
      onUploaded();
    } catch (e) {
      onError((e as Error).message);
    }
  }

  return (
    <>
      {item.documents.length === 0 && <p>{t.noDocuments}</p>}
      <ul className="br-list" data-testid="documents">
        {item.documents.map((doc) => (
          <li key={doc.id} className="br-item">
            <a href={doc.download_url}>{doc.original_name}</a> — {doc.kind_label} —{" "}
            {(doc.size / 1024).toFixed(0)} KB — SHA-256 <code>{doc.sha256.slice(0, 12)}…</code>
          </li>
        ))}
      </ul>
      {!closed && (
        <form className="pm-upload" onSubmit={submit}>
          <div className="br-select">
            <label htmlFor="document-kind">{t.documentKind}</label>
            <select id="document-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="agreement">{t.kindAgreement}</option>
              <option value="interest">{t.kindInterest}</option>
            </select>
          </div>
          <div className="br-upload">
            <label htmlFor="document-file">{t.file}</label>
            <input id="document-file" type="file" accept="application/pdf,.pdf"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <button className="br-button secondary" type="submit" disabled={!file}>{t.upload}</button>
        </form>
      )}
    </>
  );
}
