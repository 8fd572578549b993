// "Intimar": an intimação eletrônica on a signed document of the process, to interessados
// who adhered, with the art. 26 §1 fields and the response mode and deadline.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { Dialog } from "../../components/Dialog";
import { Checkbox, Input, Select, Textarea } from "../../components/Field";
import { Message } from "../../components/Message";
import { intimationMessages } from "../../i18n/intimations";
import type { ProcessScreen, TreeDocument } from "../process/types";
import { intimationsApi } from "./api";

const t = intimationMessages.dialog;

const schema = z.object({
  document: z.string().min(1, t.errors.principal),
  annexes: z.array(z.string()),
  recipients: z.array(z.string()).min(1, t.errors.recipients),
  kind: z.string().trim().min(1, t.errors.kind).max(120, t.errors.tooLong(120)),
  purpose: z.string().trim().min(1, t.errors.purpose).max(500, t.errors.tooLong(500)),
  facts_and_grounds: z.string().trim().min(1, t.errors.facts).max(20000, t.errors.tooLong(20000)),
  attendance: z.string().trim().max(300, t.errors.tooLong(300)),
  representation_allowed: z.boolean(),
  response_mode: z.enum(["none", "optional", "required"]),
  response_n: z.string(),
  response_unit: z.enum(["DC", "DU", "M", "A"]),
}).superRefine((v, ctx) => {
  if (v.response_mode !== "none" && !/^[1-9]\d{0,3}$/.test(v.response_n.trim())) {
    ctx.addIssue({ code: "custom", path: ["response_n"], message: t.errors.responseN });
  }
});

type Values = z.infer<typeof schema>;

/** Generated here, signed, not cancelled ("signed" state): what may be the principal
 * (core.services.permissions.is_intimable: the same rule). */
export function signedDocuments(process: ProcessScreen): TreeDocument[] {
  return process.documents.filter((d) => d.state === "signed");
}

export function IntimateDialog({ process, document, onDone, onClose }: {
  process: ProcessScreen;
  document: TreeDocument | null;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [error, setError] = useState("");
  const parties = useQuery({
    queryKey: ["process", process.id, "intimation-recipients"],
    queryFn: () => intimationsApi.recipients(process.id),
    staleTime: 0,
  });
  const principals = signedDocuments(process);
  const initial = document && principals.some((d) => d.id === document.id) ? document.id : principals[0]?.id ?? "";
  const { register, handleSubmit, watch, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      document: initial, annexes: [], recipients: [], kind: "", purpose: "", facts_and_grounds: "",
      attendance: "", representation_allowed: true, response_mode: "none", response_n: "",
      response_unit: "DC",
    },
  });
  const principal = watch("document");
  const mode = watch("response_mode");
  const annexChoices = process.documents.filter(
    (d) => d.id !== principal && d.state !== "cancelled" && d.state !== "draft");

  const submit = handleSubmit(async (v) => {
    setError("");
    const unit = v.response_unit === "DC" || v.response_unit === "DU" ? "D" : v.response_unit;
    const kind = v.response_unit === "DU" ? "U" : v.response_unit === "DC" ? "C" : "";
    try {
      const made = await intimationsApi.issue(process.id, {
        document: v.document,
        annexes: v.annexes.filter((a) => a !== v.document),
        recipients: v.recipients,
        kind: v.kind.trim(),
        purpose: v.purpose.trim(),
        facts_and_grounds: v.facts_and_grounds.trim(),
        attendance: v.attendance.trim(),
        representation_allowed: v.representation_allowed,
        response_mode: v.response_mode,
        response_n: v.response_mode === "none" ? null : Number(v.response_n),
        response_unit: v.response_mode === "none" ? "" : unit,
        response_kind: v.response_mode === "none" ? "" : kind,
      });
      onDone(t.done(made.kind, made.recipients.map((r) => r.name).join(", ")));
    } catch (e) {
      setError((e as Error).message);
    }
  });

  const e = formState.errors;
  return (
    <Dialog title={t.title} onClose={onClose} testId="intimate-form" size="large"
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>{t.cancel}</button>
        <button type="submit" form="pm-intimate" className="br-button primary"
          disabled={formState.isSubmitting}>{t.submit}</button>
      </>}>
      <form id="pm-intimate" onSubmit={submit} noValidate>
        {error && <Message kind="danger">{error}</Message>}
        <Select id="int-document" label={t.principal} required placeholder={t.choosePrincipal}
          error={e.document?.message}
          options={principals.map((d) => ({ value: d.id, label: d.label }))}
          {...register("document")} />
        <fieldset className="pm-fieldset">
          <legend>{t.annexes}</legend>
          {!annexChoices.length && <p className="pm-muted">{t.noAnnexes}</p>}
          {annexChoices.map((d) => (
            <Checkbox key={d.id} id={`int-annex-${d.id}`} label={d.label} value={d.id}
              {...register("annexes")} />
          ))}
        </fieldset>
        <fieldset className="pm-fieldset" aria-describedby="int-recipients-hint">
          <legend>{t.recipients} <span aria-hidden="true">*</span></legend>
          <p id="int-recipients-hint" className="pm-muted">{t.recipientsHint}</p>
          {parties.isLoading && <p role="status">{t.loading}</p>}
          {parties.isError && <Message kind="danger">{(parties.error as Error).message}</Message>}
          {parties.data && !parties.data.length && <p>{t.noParties}</p>}
          {parties.data?.map((p) => {
            const already = (p.intimated_on ?? []).includes(principal);
            return (
              <Checkbox key={p.document} id={`int-recipient-${p.document}`} value={p.document}
                disabled={!p.adhered || already}
                label={<>{p.name} ({p.masked})
                  {!p.adhered && <> — <em>{t.notAdhered}</em></>}
                  {p.adhered && already && <> — <em>{t.alreadyIntimated}</em></>}</>}
                {...register("recipients")} />
            );
          })}
          {e.recipients && <Message kind="danger">{e.recipients.message}</Message>}
        </fieldset>
        <Input id="int-kind" label={t.kind} hint={t.kindHint} required maxLength={120}
          error={e.kind?.message} {...register("kind")} />
        <Input id="int-purpose" label={t.purpose} hint={t.purposeHint} required maxLength={500}
          error={e.purpose?.message} {...register("purpose")} />
        <Textarea id="int-facts" label={t.facts} required rows={4}
          error={e.facts_and_grounds?.message} {...register("facts_and_grounds")} />
        <Input id="int-attendance" label={t.attendance} maxLength={300}
          error={e.attendance?.message} {...register("attendance")} />
        <Checkbox id="int-representation" label={t.representation} {...register("representation_allowed")} />
        <p className="pm-muted">{t.continues}</p>
        <Select id="int-mode" label={t.responseMode}
          options={Object.entries(t.modes).map(([value, label]) => ({ value, label }))}
          {...register("response_mode")} />
        {mode !== "none" && (
          <div className="pm-intimate-deadline" style={{ display: "flex", gap: "1rem", flexWrap: "wrap" }}>
            <Input id="int-response-n" label={t.responseN} required inputMode="numeric" maxLength={4}
              error={e.response_n?.message} {...register("response_n")} />
            <Select id="int-response-unit" label={t.responseUnit}
              options={Object.entries(t.units).map(([value, label]) => ({ value, label }))}
              {...register("response_unit")} />
          </div>
        )}
      </form>
    </Dialog>
  );
}
