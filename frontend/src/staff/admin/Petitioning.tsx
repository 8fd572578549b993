// Administração › Peticionamento: the city's "tipos de processo para peticionamento"
// (/api/v1/petition-types/): list, create, edit, deactivate. What is published here is
// what the citizen's Peticionar shows (orientações are plain text, as the backend keeps
// them and the citizen's form shows them).
import "./citizenAdmin.css";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { z } from "zod";

import { api, ApiError } from "../../api";
import { Checkbox, Input, Select, Textarea } from "../../components/Field";
import { type Notice } from "../../components/Message";
import { citizenAdminMessages } from "../../i18n/citizenAdmin";
import { messages } from "../../i18n/pt-BR";
import { allPages, staff } from "../api";
import { AddCard, CatalogueTable } from "./parts";

const t = citizenAdminMessages.petitioning;

/** The formats the backend accepts (core.services.documents.ALLOWED_MIME), by label. */
export const FORMATS: { mime: string; label: string }[] = [
  { mime: "application/pdf", label: "PDF" },
  { mime: "image/png", label: "PNG" },
  { mime: "image/jpeg", label: "JPEG" },
  { mime: "image/tiff", label: "TIFF" },
  { mime: "image/gif", label: "GIF" },
  { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "DOCX" },
  { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "XLSX" },
  { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", label: "PPTX" },
  { mime: "application/vnd.oasis.opendocument.text", label: "ODT" },
  { mime: "application/vnd.oasis.opendocument.spreadsheet", label: "ODS" },
  { mime: "application/msword", label: "DOC" },
  { mime: "application/vnd.ms-excel", label: "XLS" },
];

export interface AdminPetitionType {
  id: string;
  process_type: { id: string; name: string };
  unit: { id: string; acronym: string; name: string };
  guidance: string;
  access_rule: "citizen" | "fixed";
  fixed_access_level: "public" | "restricted";
  fixed_legal_basis: string | null;
  requires_advanced: boolean;
  allow_third_parties: boolean;
  max_file_mb: number;
  formats: Record<string, string>;
  active: boolean;
  documents: { document_type: { id: string; name: string }; required: boolean; access_level: string | null }[];
}

interface UnitRow { id: string; acronym: string; name: string; active: boolean }

const schema = z.object({
  process_type: z.string().min(1, t.errors.processType),
  unit: z.string().min(1, t.errors.unit),
  guidance: z.string().max(20000, t.errors.guidance),
  access_rule: z.enum(["citizen", "fixed"]),
  fixed_access_level: z.enum(["public", "restricted"]),
  fixed_legal_basis: z.string(),
  requires_advanced: z.boolean(),
  allow_third_parties: z.boolean(),
  max_file_mb: z.number({ error: t.errors.maxSize }).int(t.errors.maxSize).min(1, t.errors.maxSize).max(100, t.errors.maxSize),
  formats: z.array(z.string()).min(1, t.errors.formats),
  documents: z.array(z.object({
    document_type: z.string().min(1, t.errors.documentType),
    role: z.enum(["essential", "complementary"]),
    access_level: z.enum(["", "public", "restricted"]),
  })).min(1, t.errors.documents),
}).superRefine((v, ctx) => {
  if (v.access_rule === "fixed" && v.fixed_access_level === "restricted" && !v.fixed_legal_basis) {
    ctx.addIssue({ code: "custom", path: ["fixed_legal_basis"], message: t.errors.legalBasis });
  }
  const seen = new Set<string>();
  v.documents.forEach((row, i) => {
    if (row.document_type && seen.has(row.document_type)) {
      ctx.addIssue({ code: "custom", path: ["documents", i, "document_type"], message: t.errors.repeated });
    }
    seen.add(row.document_type);
  });
});
export type Values = z.infer<typeof schema>;

const EMPTY: Values = {
  process_type: "", unit: "", guidance: "", access_rule: "citizen", fixed_access_level: "public",
  fixed_legal_basis: "", requires_advanced: false, allow_third_parties: false, max_file_mb: 10,
  formats: ["application/pdf"], documents: [{ document_type: "", role: "essential", access_level: "" }],
};

export function valuesOf(pt: AdminPetitionType): Values {
  return {
    process_type: pt.process_type.id,
    unit: pt.unit.id,
    guidance: pt.guidance,
    access_rule: pt.access_rule,
    fixed_access_level: pt.fixed_access_level,
    fixed_legal_basis: pt.fixed_legal_basis ?? "",
    requires_advanced: pt.requires_advanced,
    allow_third_parties: pt.allow_third_parties,
    max_file_mb: pt.max_file_mb,
    formats: Object.keys(pt.formats),
    documents: pt.documents.map((d) => ({
      document_type: d.document_type.id,
      role: d.required ? "essential" : "complementary",
      access_level: (d.access_level ?? "") as "" | "public" | "restricted",
    })),
  };
}

export function payloadOf(v: Values, active = true): Record<string, unknown> {
  const fixed = v.access_rule === "fixed";
  return {
    process_type: v.process_type,
    unit: v.unit,
    guidance: v.guidance,
    access_rule: v.access_rule,
    fixed_access_level: fixed ? v.fixed_access_level : "public",
    fixed_legal_basis: fixed && v.fixed_access_level === "restricted" ? v.fixed_legal_basis || null : null,
    requires_advanced: v.requires_advanced,
    allow_third_parties: v.allow_third_parties,
    max_file_mb: v.max_file_mb,
    formats: v.formats,
    active,
    documents: v.documents.map((d) => ({
      document_type: d.document_type, required: d.role === "essential", access_level: d.access_level,
    })),
  };
}

/** A domain refusal's code → the field it is about. */
const CODE_FIELDS: Record<string, keyof Values> = {
  petition_type_exists: "process_type",
  process_type_inactive: "process_type",
  unit_inactive: "unit",
  legal_basis_required: "fixed_legal_basis",
  format_invalid: "formats",
  max_size_invalid: "max_file_mb",
};

export function Petitioning() {
  const client = useQueryClient();
  const rows = useQuery({
    queryKey: ["admin", "petition-types"],
    queryFn: () => api<AdminPetitionType[]>("GET", "/api/v1/petition-types/"),
  });
  const processTypes = useQuery({ queryKey: ["admin", "process-types"], queryFn: staff.processTypes });
  const documentTypes = useQuery({ queryKey: ["admin", "document-types"], queryFn: staff.documentTypes });
  const legalBases = useQuery({ queryKey: ["admin", "legal-bases"], queryFn: staff.legalBases });
  const units = useQuery({ queryKey: ["admin", "units"], queryFn: () => allPages<UnitRow>("/api/v1/units/") });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [editing, setEditing] = useState<AdminPetitionType | null>(null);
  const [formError, setFormError] = useState("");
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const docs = useFieldArray({ control: form.control, name: "documents" });
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["admin", "petition-types"] });
    client.invalidateQueries({ queryKey: ["citizen", "petition-types"] });
  };

  const save = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: (v: Values) => editing
      ? api<AdminPetitionType>("PUT", `/api/v1/petition-types/${editing.id}/`, payloadOf(v, editing.active))
      : api<AdminPetitionType>("POST", "/api/v1/petition-types/", payloadOf(v)),
    onSuccess: (pt) => {
      setNotice({ kind: "success", text: (editing ? t.saved : t.created)(pt.process_type.name) });
      setEditing(null);
      setFormError("");
      form.reset(EMPTY);
      refresh();
    },
    onError: (e: Error) => {
      const field = CODE_FIELDS[(e as ApiError).code ?? ""];
      if (field) {
        form.setError(field, { message: e.message }, { shouldFocus: true });
        setFormError("");
      } else {
        setFormError(e.message);
      }
    },
  });
  const toggle = useMutation({
    mutationFn: (pt: AdminPetitionType) =>
      api<AdminPetitionType>("PUT", `/api/v1/petition-types/${pt.id}/`, payloadOf(valuesOf(pt), !pt.active)),
    onSuccess: (pt) => {
      refresh();
      setNotice({ kind: "success", text: (pt.active ? t.activated : t.deactivated)(pt.process_type.name) });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });

  const startEdit = (pt: AdminPetitionType) => {
    setEditing(pt);
    setFormError("");
    form.reset(valuesOf(pt));
    window.setTimeout(() => document.getElementById("pt-process-type")?.focus(), 0);
  };
  const cancelEdit = () => { setEditing(null); setFormError(""); form.reset(EMPTY); };

  const errors = form.formState.errors;
  const rule = form.watch("access_rule");
  const fixedLevel = form.watch("fixed_access_level");
  const uploadTypes = (documentTypes.data ?? []).filter((d) => d.active && d.usage !== "internal");
  const restrictedBases = (legalBases.data ?? []).filter((b) => b.active && b.access_level === "restricted");
  const title = editing ? t.editTitle(editing.process_type.name) : t.add;

  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      <AddCard id="pt-form" title={title} submit={editing ? t.save : t.create} busy={save.isPending}
        error={formError} onSubmit={form.handleSubmit((v) => save.mutate(v))}>
        <div className="pm-form-grid">
          <Select id="pt-process-type" label={t.processType} required placeholder={t.choose}
            error={errors.process_type?.message} {...form.register("process_type")}
            options={(processTypes.data ?? []).filter((p) => p.active || p.id === editing?.process_type.id)
              .map((p) => ({ value: p.id, label: p.name }))} />
          <Select id="pt-unit" label={t.unit} required placeholder={t.choose}
            error={errors.unit?.message} {...form.register("unit")}
            options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.acronym} — ${u.name}` }))} />
        </div>
        <Textarea id="pt-guidance" label={t.guidance} hint={t.guidanceHint} rows={5}
          error={errors.guidance?.message} {...form.register("guidance")} />

        <fieldset className="pm-fieldset">
          <legend>{t.accessRule}</legend>
          <div className="pm-choice-row">
            {(["citizen", "fixed"] as const).map((value) => (
              <div className="br-radio" key={value}>
                <input id={`pt-rule-${value}`} type="radio" value={value} {...form.register("access_rule")} />
                <label htmlFor={`pt-rule-${value}`}>{t.accessRules[value]}</label>
              </div>
            ))}
          </div>
          {rule === "fixed" && (
            <div className="pm-form-grid">
              <Select id="pt-fixed-level" label={t.fixedLevel} {...form.register("fixed_access_level")}
                options={[{ value: "public", label: messages.staff.accessLevels.public },
                  { value: "restricted", label: messages.staff.accessLevels.restricted }]} />
              {fixedLevel === "restricted" && (
                <Select id="pt-legal-basis" label={t.legalBasis} required placeholder={t.chooseLegalBasis}
                  error={errors.fixed_legal_basis?.message} {...form.register("fixed_legal_basis")}
                  options={restrictedBases.map((b) => ({ value: b.id, label: `${b.name} (${b.reference})` }))} />
              )}
            </div>
          )}
        </fieldset>

        <Checkbox id="pt-advanced" label={t.requiresAdvanced} {...form.register("requires_advanced")} />
        <Checkbox id="pt-third" label={t.allowThirdParties} {...form.register("allow_third_parties")} />

        <div className="pm-form-grid" style={{ marginTop: "1rem" }}>
          <Input id="pt-max" label={t.maxSize} required type="number" min={1} max={100} inputMode="numeric"
            error={errors.max_file_mb?.message} {...form.register("max_file_mb", { valueAsNumber: true })} />
        </div>
        <fieldset className="pm-fieldset" aria-describedby={errors.formats ? "pt-formats-error" : undefined}>
          <legend>{t.formats}</legend>
          <div className="pm-choice-row">
            {FORMATS.map((f) => (
              <Checkbox key={f.mime} id={`pt-format-${f.label}`} label={f.label} value={f.mime} {...form.register("formats")} />
            ))}
          </div>
          {errors.formats && (
            <span className="feedback danger pm-feedback" role="alert" id="pt-formats-error">{errors.formats.message}</span>
          )}
        </fieldset>

        <fieldset className="pm-fieldset">
          <legend>{t.documents}</legend>
          <p className="pm-hint">{t.documentsHelp}</p>
          {docs.fields.map((field, i) => {
            const rowErrors = errors.documents?.[i];
            return (
              <div key={field.id} className="pm-card pm-pt-doc" role="group" aria-label={t.documentRow(i + 1)}
                data-testid="pt-document-row">
                <div className="pm-form-grid">
                  <Select id={`pt-doc-${i}-type`} label={t.documentType} required placeholder={t.chooseDocumentType}
                    error={rowErrors?.document_type?.message} {...form.register(`documents.${i}.document_type`)}
                    options={uploadTypes.map((d) => ({ value: d.id, label: d.name }))} />
                  <Select id={`pt-doc-${i}-role`} label={t.role} {...form.register(`documents.${i}.role`)}
                    options={Object.entries(t.roles).map(([value, label]) => ({ value, label }))} />
                  <Select id={`pt-doc-${i}-level`} label={t.forcedLevel} {...form.register(`documents.${i}.access_level`)}
                    options={Object.entries(t.forcedLevels).map(([value, label]) => ({ value, label }))} />
                </div>
                {docs.fields.length > 1 && (
                  <button type="button" className="br-button secondary small" onClick={() => docs.remove(i)}>
                    <i className="fas fa-trash" aria-hidden="true" /> {t.removeDocument(i + 1)}
                  </button>
                )}
              </div>
            );
          })}
          {errors.documents?.root?.message && (
            <span className="feedback danger pm-feedback" role="alert">{errors.documents.root.message}</span>
          )}
          <button type="button" className="br-button secondary small"
            onClick={() => docs.append({ document_type: "", role: "complementary", access_level: "" })}>
            <i className="fas fa-plus" aria-hidden="true" /> {t.addDocument}
          </button>
        </fieldset>
        {editing && (
          <button type="button" className="br-button tertiary" onClick={cancelEdit}>{t.cancelEdit}</button>
        )}
      </AddCard>

      <CatalogueTable id="pt" title={t.list} testId="admin-petition-types" rows={rows.data} loading={rows.isPending}
        notice={notice} onNotice={setNotice}
        text={(x) => `${x.process_type.name} ${x.unit.acronym} ${x.unit.name}`}
        active={(x) => x.active} onToggle={(x) => toggle.mutate(x)}
        columns={[
          {
            header: t.processType,
            cell: (x) => (
              <>
                {x.process_type.name}
                <br />
                <button type="button" className="br-button tertiary small pm-pt-edit" onClick={() => startEdit(x)}>
                  <i className="fas fa-pen" aria-hidden="true" /> {t.edit}<span className="sr-only"> {x.process_type.name}</span>
                </button>
              </>
            ),
          },
          { header: t.columns.unit, cell: (x) => x.unit.acronym },
          {
            header: t.columns.documents,
            cell: (x) => t.docsSummary(x.documents.filter((d) => d.required).length,
              x.documents.filter((d) => !d.required).length),
          },
          {
            header: t.columns.rule,
            cell: (x) => x.access_rule === "citizen"
              ? t.ruleShort.citizen
              : t.ruleShort.fixed(messages.staff.accessLevels[x.fixed_access_level]),
          },
          { header: t.columns.signature, cell: (x) => (x.requires_advanced ? t.advanced : t.simple) },
        ]} />
    </section>
  );
}
