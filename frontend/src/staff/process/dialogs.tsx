// The dialogs reached from the process toolbar. Forms are react-hook-form + zod with our
// own pt-BR messages; the server's refusal is shown inside the dialog, the success
// message (naming what was done) next to the toolbar.
import "../../signatures/signatures.css";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";

import { api, uploadWithProgress } from "../../api";
import { Dialog } from "../../components/Dialog";
import { Checkbox, DateInput, Input, Select, Textarea } from "../../components/Field";
import { Linkify } from "../../components/Linkify";
import { Message } from "../../components/Message";
import { Upload } from "../../components/Upload";
import { dateText, toIsoDate } from "../../forms";
import { processMessages } from "../../i18n/process";
import { signatureMessages } from "../../i18n/signatures";
import { signatures } from "../../signatures/api";
import { useSigningDefaults } from "../../signatures/SigningDefaults";
import { type DocumentItem, type ProcessSummary, staff } from "../api";
import type { ProcessScreen, TreeDocument } from "./types";

const f = processMessages.forms;
const done = processMessages.done;
const a = processMessages.actions;

export type Done = (message: string, select?: string) => void;
interface DialogProps {
  process: ProcessScreen;
  onDone: Done;
  onClose: () => void;
}

const message = (e: unknown) => (e as Error).message;

function Refusal({ error }: { error: string }) {
  return error ? <Message kind="danger">{error}</Message> : null;
}

function Footer({ onClose, submit, busy, form }: {
  onClose: () => void; submit: string; busy?: boolean; form: string;
}) {
  return (
    <>
      <button type="button" className="br-button secondary" onClick={onClose}>{f.cancel}</button>
      <button type="submit" form={form} className="br-button primary" disabled={busy}>{submit}</button>
    </>
  );
}

// --- Incluir documento (internal, from a type and a template) -------------------------

const includeSchema = z.object({
  document_type: z.string().min(1, f.chooseType),
  template: z.string(),
});

export function IncludeDocumentDialog({ process, onDone, onClose }: DialogProps) {
  const [error, setError] = useState("");
  const types = useQuery({ queryKey: ["document-types"], queryFn: staff.documentTypes, staleTime: 60_000 });
  const templates = useQuery({ queryKey: ["templates"], queryFn: staff.templates, staleTime: 60_000 });
  const { register, handleSubmit, watch, formState } = useForm({
    resolver: zodResolver(includeSchema), defaultValues: { document_type: "", template: "" },
  });
  const type = watch("document_type");
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      const doc = await staff.createDocument(process.id, {
        document_type: values.document_type, template: values.template || null,
      }) as DocumentItem & Partial<TreeDocument>;
      onDone(done.created(doc.label ?? doc.title), doc.id);
    } catch (e) {
      setError(message(e));
    }
  });
  const internalTypes = (types.data ?? []).filter((d) => d.active && d.usage !== "external");
  return (
    <Dialog title={a.add_document} onClose={onClose} testId="new-internal"
      footer={<Footer onClose={onClose} submit={f.include} busy={formState.isSubmitting} form="pm-include" />}>
      <form id="pm-include" onSubmit={submit} noValidate>
        <Refusal error={error} />
        <Select id="doc-type" label={f.documentType} required placeholder={f.chooseType}
          error={formState.errors.document_type?.message}
          options={internalTypes.map((d) => ({ value: d.id, label: d.name }))}
          {...register("document_type")} />
        <Select id="doc-template" label={f.template}
          options={[{ value: "", label: f.noTemplate }, ...(templates.data ?? [])
            .filter((x) => x.active !== false && x.document_type === type)
            .map((x) => ({ value: x.id, label: x.name }))]}
          {...register("template")} />
      </form>
    </Dialog>
  );
}

// --- Incluir documento externo (a file) ------------------------------------------------

const uploadSchema = z.object({
  document_type: z.string().min(1, f.chooseType),
  document_date: dateText(false),
  form: z.string(),
  file: z.custom<File | null>((v) => v instanceof File, f.fileRequired),
});

export function UploadDialog({ process, onDone, onClose }: DialogProps) {
  const [error, setError] = useState("");
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const types = useQuery({ queryKey: ["document-types"], queryFn: staff.documentTypes, staleTime: 60_000 });
  const { register, handleSubmit, control, formState } = useForm({
    resolver: zodResolver(uploadSchema),
    defaultValues: { document_type: "", document_date: "", form: "original", file: null },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    const file = values.file as File;
    const query = new URLSearchParams({ filename: file.name, document_type: values.document_type,
      form: values.form });
    if (values.document_date) query.set("document_date", toIsoDate(values.document_date));
    setProgress(0);
    try {
      const doc = await uploadWithProgress<DocumentItem & Partial<TreeDocument>>(
        `/api/v1/processes/${process.id}/uploads/raw/?${query}`, file,
        { onProgress: (p) => setProgress(Math.round(p)) });
      onDone(done.uploaded(doc.label ?? doc.title), doc.id);
    } catch (e) {
      setError(message(e));
      setProgress(undefined);
    }
  });
  const externalTypes = (types.data ?? []).filter((d) => d.active && d.usage !== "internal");
  return (
    <Dialog title={a.upload_document} onClose={onClose} testId="new-external"
      footer={<Footer onClose={onClose} submit={f.upload} busy={formState.isSubmitting} form="pm-upload" />}>
      <form id="pm-upload" onSubmit={submit} noValidate>
        <Refusal error={error} />
        <Select id="ext-type" label={f.documentType} required placeholder={f.chooseType}
          error={formState.errors.document_type?.message}
          options={externalTypes.map((d) => ({ value: d.id, label: d.name }))}
          {...register("document_type")} />
        <DateInput id="ext-date" label={f.documentDate} error={formState.errors.document_date?.message}
          {...register("document_date")} />
        <Select id="ext-form" label={f.form}
          options={Object.entries(f.forms).map(([value, label]) => ({ value, label }))}
          {...register("form")} />
        <Controller control={control} name="file" render={({ field, fieldState }) => (
          <Upload id="ext-file" label={f.file} required file={field.value as File | null}
            onChange={field.onChange} error={fieldState.error?.message} progress={progress}
            ref={field.ref} />
        )} />
      </form>
    </Dialog>
  );
}

// --- Assinar documento ------------------------------------------------------------------

const signSchema = z.object({
  role: z.string().max(200, f.tooLong(200)),
  password: z.string().min(1, f.passwordRequired),
});

export function SignDialog({ document, onDone, onClose }: {
  document: TreeDocument; onDone: Done; onClose: () => void;
}) {
  const [error, setError] = useState("");
  const { register, handleSubmit, getValues, formState } = useForm({
    resolver: zodResolver(signSchema), defaultValues: { role: "", password: "" },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      await staff.sign([document.id], values.password, values.role);
      onDone(done.signed(document.label), document.id);
    } catch (e) {
      setError(message(e));
    }
  });
  function withGovbr() {
    const back = `${window.location.pathname}?${new URLSearchParams({
      assinar: document.id, cargo: getValues("role") })}`;
    window.location.assign(`/login/govbr/?${new URLSearchParams({ next: back, reauth: "1" })}`);
  }
  // The gov.br advanced signature (ITI): the server answers where to authorise it; its
  // return page comes back here with ?documento=<this document>&assinatura=<count>.
  const [advanced, setAdvanced] = useState<"" | "starting">("");
  const [advancedError, setAdvancedError] = useState("");
  // The city may make the gov.br advanced signature the default, and turn passwords off.
  const defaults = useSigningDefaults().data;
  const advancedFirst = defaults?.advanced_default ?? false;
  const passwordAllowed = defaults?.password_allowed ?? true;
  async function withAdvanced(level: "advanced" | "qualified" = "advanced") {
    setError("");
    setAdvancedError("");
    setAdvanced("starting");
    try {
      const query: Record<string, string> = { documento: document.id };
      if (level === "qualified") query.nivel = "qualificada";
      const back = `${window.location.pathname}?${new URLSearchParams(query)}`;
      const { authorize_url } = await signatures.startGovbr([document.id], getValues("role"), back, level);
      window.location.assign(authorize_url);
    } catch (e) {
      setAdvancedError(message(e));
      setAdvanced("");
    }
  }
  const qualifiedAvailable = defaults?.qualified_available ?? false;
  return (
    <Dialog title={a.sign} onClose={onClose} testId="sign-form"
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>{f.cancel}</button>
        <button type="button" className="br-button secondary" onClick={withGovbr}>{f.signWithGovbr}</button>
        {passwordAllowed && (
          <button type="submit" form="pm-sign" className={`br-button ${advancedFirst ? "secondary" : "primary"}`}
            disabled={formState.isSubmitting}>{f.confirmSign}</button>
        )}
      </>}>
      <form id="pm-sign" onSubmit={submit} noValidate>
        <p><strong>{f.signing(document.label)}</strong></p>
        <Refusal error={error} />
        <Input id="sign-role" label={f.role} {...register("role")} error={formState.errors.role?.message} />
        <div className="pm-sign-advanced" data-testid="sign-advanced">
          <p className="pm-muted">{signatureMessages.advancedHelp}</p>
          {advancedError && <Message kind="danger"><Linkify text={advancedError} /></Message>}
          <button type="button" className={`br-button ${advancedFirst || !passwordAllowed ? "primary" : "secondary"}`}
            onClick={() => withAdvanced()} disabled={advanced === "starting"} data-default={advancedFirst || undefined}>
            <i className="fas fa-certificate" aria-hidden="true" /> {signatureMessages.advanced}
          </button>
          {qualifiedAvailable && (
            <div className="pm-sign-qualified" data-testid="sign-qualified">
              <p className="pm-muted">{signatureMessages.qualifiedHelp}</p>
              <button type="button" className="br-button secondary" onClick={() => withAdvanced("qualified")}
                disabled={advanced === "starting"}>
                <i className="fas fa-award" aria-hidden="true" /> {signatureMessages.qualified}
              </button>
            </div>
          )}
          {advanced === "starting" && <p role="status">{signatureMessages.advancedStarting}</p>}
        </div>
        {passwordAllowed && (
          <Input id="sign-password" type="password" label={f.password} required
            autoComplete="current-password" error={formState.errors.password?.message}
            {...register("password")} />
        )}
      </form>
    </Dialog>
  );
}

// --- Cancelar documento -----------------------------------------------------------------

const cancelSchema = z.object({
  reason: z.string().trim().min(1, f.required).max(500, f.tooLong(500)),
});

export function CancelDocumentDialog({ document, onDone, onClose }: {
  document: TreeDocument; onDone: Done; onClose: () => void;
}) {
  const [error, setError] = useState("");
  const { register, handleSubmit, formState } = useForm({
    resolver: zodResolver(cancelSchema), defaultValues: { reason: "" },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      await api("POST", `/api/v1/documents/${document.id}/cancel/`, { reason: values.reason });
      onDone(done.cancelled(document.label), document.id);
    } catch (e) {
      setError(message(e));
    }
  });
  return (
    <Dialog title={a.cancel} onClose={onClose} testId="cancel-document" size="small"
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>
          {processMessages.confirm.back}</button>
        <button type="submit" form="pm-cancel-doc" className="br-button primary pm-danger"
          disabled={formState.isSubmitting}>{f.confirmCancel}</button>
      </>}>
      <form id="pm-cancel-doc" onSubmit={submit} noValidate>
        <p>{f.cancelQuestion(document.label)}</p>
        <Refusal error={error} />
        <Textarea id="cancel-reason" label={f.cancelReason} required rows={3}
          error={formState.errors.reason?.message} {...register("reason")} />
      </form>
    </Dialog>
  );
}

// --- Enviar processo (to units of the municipality) ---------------------------------------

const sendSchema = z.object({
  units: z.array(z.string()).min(1, f.chooseDestination),
  note: z.string().max(500, f.tooLong(500)),
  return_date: dateText(false),
  keep_open: z.boolean(),
});

export function SendDialog({ process, onDone, onClose }: DialogProps) {
  const [error, setError] = useState("");
  const units = useQuery({ queryKey: ["units"], queryFn: staff.units, staleTime: 60_000 });
  const { register, handleSubmit, formState } = useForm({
    resolver: zodResolver(sendSchema),
    defaultValues: { units: [] as string[], note: "", return_date: "", keep_open: false },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      const result = await api<{ sent_to: string[] }>("POST", `/api/v1/processes/${process.id}/send/`, {
        units: values.units, note: values.note, keep_open: values.keep_open,
        return_date: values.return_date ? toIsoDate(values.return_date) : null,
      });
      onDone(done.sent(result.sent_to.join(", ")));
    } catch (e) {
      setError(message(e));
    }
  });
  return (
    <Dialog title={a.send} onClose={onClose} testId="send-form"
      footer={<Footer onClose={onClose} submit={f.sendButton} busy={formState.isSubmitting} form="pm-send" />}>
      <form id="pm-send" onSubmit={submit} noValidate>
        <Refusal error={error} />
        <Select id="send-units" label={f.destinations} required multiple size={6}
          className="pm-multi" error={formState.errors.units?.message}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.acronym} — ${u.name}` }))}
          {...register("units")} />
        <Input id="send-note" label={f.note} error={formState.errors.note?.message} {...register("note")} />
        <DateInput id="send-return" label={f.returnDate} error={formState.errors.return_date?.message}
          {...register("return_date")} />
        <Checkbox id="send-keep-open" label={f.keepOpen} {...register("keep_open")} />
      </form>
    </Dialog>
  );
}

// --- Atribuir -------------------------------------------------------------------------

export function AssignDialog({ process, onDone, onClose }: DialogProps) {
  const [error, setError] = useState("");
  const members = useQuery({ queryKey: ["unit-members"], queryFn: staff.unitMembers });
  const current = process.here.assignee;
  const { register, handleSubmit, formState } = useForm({
    defaultValues: { staff: current?.id ?? "" },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      const { assignee } = await staff.assign(process.id, values.staff || null);
      onDone(assignee ? done.assigned(process.number, assignee.name) : done.unassigned(process.number));
    } catch (e) {
      setError(message(e));
    }
  });
  const people = members.data ?? [];
  const listed = current && !people.some((m) => m.id === current.id) ? [current, ...people] : people;
  return (
    <Dialog title={a.assign} onClose={onClose} testId="assign-form" size="small"
      footer={<Footer onClose={onClose} submit={f.confirmAssign} busy={formState.isSubmitting} form="pm-assign" />}>
      <form id="pm-assign" onSubmit={submit} noValidate>
        <Refusal error={error} />
        <Select id="assign-to" label={f.assignTo}
          options={[{ value: "", label: f.nobody }, ...listed.map((m) => ({ value: m.id, label: m.name }))]}
          {...register("staff")} />
      </form>
    </Dialog>
  );
}

// --- Sobrestar ----------------------------------------------------------------------------

const suspendSchema = z.object({
  reason: z.string().trim().min(1, f.required).max(500, f.tooLong(500)),
});

export function SuspendDialog({ process, onDone, onClose }: DialogProps) {
  const [error, setError] = useState("");
  const { register, handleSubmit, formState } = useForm({
    resolver: zodResolver(suspendSchema), defaultValues: { reason: "" },
  });
  const submit = handleSubmit(async (values) => {
    setError("");
    try {
      await staff.suspend(process.id, values.reason);
      onDone(done.suspended);
    } catch (e) {
      setError(message(e));
    }
  });
  return (
    <Dialog title={a.suspend} onClose={onClose} testId="suspend-form" size="small"
      footer={<Footer onClose={onClose} submit={f.confirmSuspend} busy={formState.isSubmitting} form="pm-suspend" />}>
      <form id="pm-suspend" onSubmit={submit} noValidate>
        <Refusal error={error} />
        <Textarea id="suspend-reason" label={f.reason} required rows={3}
          error={formState.errors.reason?.message} {...register("reason")} />
      </form>
    </Dialog>
  );
}

// --- Relacionar / Anexar ---------------------------------------------------------------

const numberSchema = z.object({ number: z.string().trim().min(1, f.required) });

export function OtherProcessDialog({ process, mode, onDone, onClose }: DialogProps & {
  mode: "relate" | "annex";
}) {
  const [error, setError] = useState("");
  const [found, setFound] = useState<ProcessSummary | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const { register, handleSubmit, formState } = useForm({
    resolver: zodResolver(numberSchema), defaultValues: { number: "" },
  });
  const find = handleSubmit(async (values) => {
    setError("");
    try {
      const page = await staff.findByNumber(values.number);
      const hit = page.results.find((p) => p.id !== process.id) ?? null;
      setFound(hit);
      setMissing(!hit);
    } catch (e) {
      setError(message(e));
    }
  });
  async function confirm() {
    if (!found) return;
    setBusy(true);
    setError("");
    try {
      if (mode === "relate") {
        await staff.relate(process.id, found.id);
        onDone(done.related(found.number));
      } else {
        await staff.annex(process.id, found.id);
        onDone(done.annexed(found.number));
      }
    } catch (e) {
      setError(message(e));
      setBusy(false);
    }
  }
  const title = mode === "relate" ? f.relateTitle : f.annexTitle;
  return (
    <Dialog title={title} onClose={onClose} testId={`${mode}-form`}
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>{f.cancel}</button>
        {found && (
          <button type="button" className={`br-button primary ${mode === "annex" ? "pm-danger" : ""}`}
            disabled={busy} onClick={confirm}>
            {mode === "relate" ? f.confirmRelate : f.confirmAnnex}
          </button>
        )}
      </>}>
      {mode === "annex" && <p>{f.annexHelp}</p>}
      <Refusal error={error} />
      <form onSubmit={find} noValidate className="pm-inline-form">
        <Input id={`${mode}-number`} label={f.otherNumber} required
          error={formState.errors.number?.message}
          {...register("number", { onChange: () => { setFound(null); setMissing(false); } })} />
        <button type="submit" className="br-button secondary">{f.find}</button>
      </form>
      {missing && <p role="status">{f.notFound}</p>}
      {found && (
        <div className="pm-found" data-testid="found-process" role="status">
          <p><strong>{found.number}</strong> — {found.process_type} — {found.summary}</p>
          {mode === "annex" && <p><strong>{f.annexQuestion(found.number, process.number)}</strong></p>}
        </div>
      )}
    </Dialog>
  );
}
