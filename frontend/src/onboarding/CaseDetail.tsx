import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";

import { Input, Select } from "../components/Field";
import { Message, type Notice, NoticeView } from "../components/Message";
import { ProgressBar } from "../components/ProgressBar";
import { Tag } from "../components/Tag";
import { Upload } from "../components/Upload";
import { formatDateTime, formatSize } from "../dates";
import { isValidCpf } from "../forms";
import { messages } from "../i18n/pt-BR";
import { type CaseDetail as Case, onboarding } from "./api";

const t = messages.onboarding;
const tc = messages.caseDetail;
// Actions whose form asks for a mandatory reason.
const NEEDS_REASON = new Set(["pause", "cancel"]);
const MAX_PDF = 20 * 1024 * 1024;

export function CaseDetail({ id }: { id: string }) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const detail = useQuery({
    queryKey: ["onboarding-case", id],
    queryFn: () => onboarding.detail(id),
    // Follow the provisioning job while it runs.
    refetchInterval: (q) => (q.state.data?.status === "provisioning" ? 1000 : false),
  });
  const run = useMutation({
    mutationFn: ({ action, body }: { action: string; body: Record<string, unknown> }) =>
      onboarding.action(id, action, body),
    onSuccess: (updated, { action }) => {
      client.setQueryData(["onboarding-case", id], updated);
      client.invalidateQueries({ queryKey: ["onboarding"] });
      setNotice({ kind: "success", text: tc.done[action] ?? tc.doneGeneric(t.actionLabels[action] ?? action) });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });

  const item = detail.data;
  if (!item) {
    return detail.isError ? <Message kind="danger">{detail.error.message}</Message> : <p role="status">{messages.loading}</p>;
  }

  return (
    <section>
      <p><Link to="/implantacao"><i className="fas fa-arrow-left" aria-hidden="true"></i> {t.back}</Link></p>
      <div className="pm-page-head">
        <h1 data-testid="case-title">{item.name}/{item.uf}</h1>
        <span><Tag tone={item.status === "failed" || item.status === "cancelled" ? "danger" : item.status === "live" ? "success" : "info"}
          testId="case-status">{item.status_label}</Tag></span>
      </div>
      <p>{t.ibge} {item.ibge_code}</p>
      {item.status === "provisioning" && (
        <div data-testid="case-progress">
          <ProgressBar value={item.provisioning_progress} label={t.progress} />
          <p>{t.stepLabels[item.provisioning_step] ?? item.provisioning_step}</p>
        </div>
      )}
      {item.provisioning_error && <Message kind="danger">{item.provisioning_error}</Message>}

      <div className="pm-columns">
        <div>
          <h2>{t.actions}</h2>
          <NoticeView notice={notice} onClose={() => setNotice(null)} />
          {item.available_actions.length === 0 && <p>{t.noActions}</p>}
          {item.available_actions.map((action) => (
            <ActionForm key={`${action}-${item.status}`} action={action} item={item} busy={run.isPending}
              run={(body) => { setNotice(null); run.mutate({ action, body }); }} />
          ))}

          <h2>{t.documents}</h2>
          <Documents item={item} onDone={(text, kind) => {
            setNotice({ kind, text });
            if (kind === "success") client.invalidateQueries({ queryKey: ["onboarding-case", id] });
          }} />

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
                  {formatDateTime(event.created_at)} {t.by} {event.actor}
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

function ActionForm({ action, item, run, busy }: {
  action: string; item: Case; run: (body: Record<string, unknown>) => void; busy: boolean;
}) {
  const [reason, setReason] = useState("");
  const [manager, setManager] = useState({ name: "", cpf: "", email: "" });
  const [slug, setSlug] = useState(item.suggested_slug ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const label = t.actionLabels[action] ?? action;
  const required = NEEDS_REASON.has(action);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (action === "designate_manager") {
      if (!manager.name.trim()) found.name = tc.managerNameRequired;
      if (!manager.cpf.trim()) found.cpf = tc.cpfRequired;
      else if (!isValidCpf(manager.cpf)) found.cpf = messages.forms.cpfInvalid;
      if (!manager.email.trim()) found.email = tc.emailRequired;
      else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(manager.email.trim())) found.email = messages.forms.emailInvalid;
    }
    if (required && !reason.trim()) found.reason = tc.reasonRequired;
    if (action === "provision" && !slug.trim()) found.slug = tc.slugRequired;
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(Object.keys(found)[0] === "reason" ? `reason-${action}` : Object.keys(found)[0] === "slug" ? "provision-slug" : `manager-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const body: Record<string, unknown> =
      action === "designate_manager" ? { ...manager, reason }
        : action === "provision" ? { slug } : { reason };
    run(body);
  }

  return (
    <form className="pm-card" noValidate onSubmit={submit} data-testid={`action-${action}`}>
      {action === "designate_manager" && (
        <>
          {(["name", "cpf", "email"] as const).map((field) => (
            <Input id={`manager-${field}`} key={field} required error={errors[field]}
              label={{ name: t.managerName, cpf: t.managerCpf, email: t.managerEmail }[field]}
              value={manager[field]} type={field === "email" ? "email" : "text"}
              inputMode={field === "cpf" ? "numeric" : undefined}
              onChange={(e) => setManager({ ...manager, [field]: e.target.value })} />
          ))}
        </>
      )}
      {action === "provision" && (
        <Input id="provision-slug" label={t.slug} value={slug} error={errors.slug} required
          hint={t.slugHelp(`${slug}.${window.location.host}`)} onChange={(e) => setSlug(e.target.value)} />
      )}
      {action !== "provision" && (
        <Input id={`reason-${action}`} label={required ? t.reasonRequired : t.reasonOptional} value={reason}
          required={required} error={errors.reason} onChange={(e) => setReason(e.target.value)} />
      )}
      <div className="pm-form-actions">
        <button type="submit" disabled={busy}
          className={`br-button ${action === "cancel" || action === "pause" ? "secondary" : "primary"}`}>
          {label}
        </button>
      </div>
    </form>
  );
}

function Documents({ item, onDone }: {
  item: Case; onDone: (message: string, kind: "success" | "danger") => void;
}) {
  const [kind, setKind] = useState("agreement");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [error, setError] = useState("");
  const closed = item.status === "live" || item.status === "cancelled";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(messages.upload.required);
      document.getElementById("document-file")?.focus();
      return;
    }
    setError("");
    setProgress(0);
    try {
      const doc = await onboarding.upload(item.id, kind, file, setProgress);
      setFile(null);
      onDone(tc.uploaded(doc.original_name, doc.kind_label), "success");
    } catch (e) {
      onDone((e as Error).message, "danger");
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <>
      {item.documents.length === 0 && <p>{t.noDocuments}</p>}
      <ul className="br-list" data-testid="documents">
        {item.documents.map((doc) => (
          <li key={doc.id} className="br-item">
            <a href={doc.download_url}>{doc.original_name}</a> — {doc.kind_label} —{" "}
            {formatSize(doc.size)} — SHA-256 <code>{doc.sha256.slice(0, 12)}…</code>
          </li>
        ))}
      </ul>
      {!closed && (
        <form className="pm-card" noValidate onSubmit={submit} data-testid="case-upload">
          <Select id="document-kind" label={t.documentKind} value={kind} onChange={(e) => setKind(e.target.value)}
            options={[{ value: "agreement", label: t.kindAgreement }, { value: "interest", label: t.kindInterest }]} />
          <Upload id="document-file" label={t.file} required accept="application/pdf,.pdf" maxBytes={MAX_PDF}
            file={file} onChange={(f) => { setFile(f); setError(""); }} error={error} progress={progress} />
          <div className="pm-form-actions">
            <button className="br-button secondary" type="submit" disabled={progress !== undefined}>{t.upload}</button>
          </div>
        </form>
      )}
    </>
  );
}
