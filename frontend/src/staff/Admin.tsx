import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, NavLink, Route, Routes } from "react-router";
import { z } from "zod";

import { api } from "../api";
import { NotFound } from "../App";
import { Checkbox, Input, Select } from "../components/Field";
import { Message, type Notice } from "../components/Message";
import { QuillLabels } from "../components/QuillLabels";
import { cpf, email, requiredChoice, requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";
import { useMe } from "../shell/context";
import { ADMIN_SECTIONS } from "../shell/nav";
import { signatureMessages } from "../i18n/signatures";
import { LevelCard, LevelCell } from "../signatures/LevelAdmin";
import { Envelopes } from "../tramita/Envelopes";
import { type AccessLevel, allPages, type DocumentType, type LegalBasis, type ProcessType, type Template, staff } from "./api";
import { CalendarAdmin } from "./admin/Calendar";
import { CitizenPolicy } from "./admin/CitizenPolicy";
import { AddCard, CatalogueTable, placeServerError } from "./admin/parts";
import { Petitioning } from "./admin/Petitioning";

// Quill is heavy: only the templates section loads it.
const Editor = lazy(() => import("./Editor").then((m) => ({ default: m.Editor })));

const t = messages.admin;
const ta = messages.adminPage;

interface UnitRow { id: string; name: string; acronym: string; parent: string | null; active: boolean }
interface StaffRow {
  id: string; name: string; cpf_masked: string; is_municipal_admin: boolean;
  units: { acronym: string; role: string }[];
}

const useUnits = () => useQuery({
  queryKey: ["admin", "units"],
  queryFn: () => allPages<UnitRow>("/api/v1/units/"), // every page, not only the first 50
});

/** Administração (municipal admins): one sub-route per section. */
export function AdminRoutes() {
  const me = useMe().data;
  if (me && !me.is_municipal_admin) return <Message kind="danger">{ta.restricted}</Message>;
  return (
    <div className="pm-admin">
      <nav className="pm-admin-nav" aria-label={ta.sections}>
        <ul>{ADMIN_SECTIONS.map((s) => (
          <li key={s.to}><NavLink to={s.to}><i className={`fas ${s.icon} mr-1`} aria-hidden="true"></i> {s.label}</NavLink></li>
        ))}</ul>
      </nav>
      <div className="pm-admin-content">
        <Routes>
          <Route index element={<AdminHome />} />
          <Route path="unidades" element={<Units />} />
          <Route path="servidores" element={<People />} />
          <Route path="tipos-de-processo" element={<ProcessTypes />} />
          <Route path="tipos-de-documento" element={<DocumentTypes />} />
          <Route path="hipoteses-legais" element={<LegalBases />} />
          <Route path="modelos" element={<Templates />} />
          <Route path="tramites-externos" element={<External />} />
          <Route path="peticionamento" element={<Petitioning />} />
          <Route path="politica-do-cidadao" element={<CitizenPolicy />} />
          <Route path="calendario" element={<CalendarAdmin />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
    </div>
  );
}

function AdminHome() {
  return (
    <section>
      <h1>{t.title}</h1>
      <p>{ta.intro}</p>
      <ul className="pm-sections">{ADMIN_SECTIONS.map((s) => (
        <li key={s.to}><Link to={s.to}><i className={`fas ${s.icon} fa-lg`} aria-hidden="true"></i> {s.label}</Link></li>
      ))}</ul>
    </section>
  );
}

/** Create + toggle for one catalogue endpoint; messages name what changed. */
function useCatalogue(key: string, url: string) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean; label: string; fem?: boolean }) =>
      api("PATCH", `${url}${id}/`, { active: !active }),
    onSuccess: (_d, v) => {
      client.invalidateQueries({ queryKey: ["admin", key] });
      client.invalidateQueries({ queryKey: [key] });
      setNotice({ kind: "success", text: v.active ? ta.deactivated(v.label, v.fem) : ta.activated(v.label, v.fem) });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["admin", key] });
    client.invalidateQueries({ queryKey: [key] });
  };
  return { notice, setNotice, toggle, refresh };
}

function SectionHead({ title, help }: { title: string; help: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{help}</p>
    </>
  );
}

// ---------------------------------------------------------------- Unidades
const unitSchema = z.object({
  name: requiredText(ta.nameRequired).max(200),
  acronym: requiredText(ta.acronymRequired).max(20),
  parent: z.string(),
});

function Units() {
  const units = useUnits();
  const { notice, setNotice, refresh } = useCatalogue("units", "/api/v1/units/");
  const form = useForm<z.infer<typeof unitSchema>>({ resolver: zodResolver(unitSchema), defaultValues: { name: "", acronym: "", parent: "" } });
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: z.infer<typeof unitSchema>) => api<UnitRow>("POST", "/api/v1/units/", { ...v, parent: v.parent || null }),
    onSuccess: (u) => {
      form.reset();
      setFormError("");
      refresh();
      setNotice({ kind: "success", text: ta.unitCreated(u.acronym, u.name) });
    },
    onError: (e) => setFormError(placeServerError(form, e, ["name", "acronym", "parent"])),
  });
  const byId = Object.fromEntries((units.data ?? []).map((u) => [u.id, u.acronym]));
  const errors = form.formState.errors;
  return (
    <section>
      <SectionHead title={t.units} help={ta.unitsHelp} />
      <AddCard id="unit-add" title={t.addUnit} submit={t.addUnit} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="unit-name" label={t.name} required error={errors.name?.message} {...form.register("name")} />
          <Input id="unit-acronym" label={t.acronym} required error={errors.acronym?.message} {...form.register("acronym")} />
          <Select id="unit-parent" label={t.parent} placeholder={ta.noParent} {...form.register("parent")}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.acronym} — ${u.name}` }))} />
        </div>
      </AddCard>
      <CatalogueTable id="units" title={ta.unitsList} testId="admin-units" rows={units.data} loading={units.isPending}
        notice={notice} onNotice={setNotice}
        text={(u) => `${u.acronym} ${u.name}`}
        columns={[
          { header: t.acronym, cell: (u) => <strong>{u.acronym}</strong> },
          { header: t.name, cell: (u) => u.name },
          { header: t.parent, cell: (u) => (u.parent ? byId[u.parent] : "—") },
        ]} />
    </section>
  );
}

// ---------------------------------------------------------------- Servidores
const staffSchema = z.object({
  cpf: cpf(ta.cpfRequired),
  name: requiredText(ta.nameRequired).max(200),
  email: email(),
  unit: requiredChoice(ta.unitRequired),
  role: z.string(),
  is_municipal_admin: z.boolean(),
});
type StaffValues = z.infer<typeof staffSchema>;

function People() {
  const units = useUnits();
  const people = useQuery({ queryKey: ["admin", "staff"], queryFn: () => api<StaffRow[]>("GET", "/api/v1/staff/") });
  const { notice, setNotice, refresh } = useCatalogue("staff", "/api/v1/staff/");
  const form = useForm<StaffValues>({
    resolver: zodResolver(staffSchema),
    defaultValues: { cpf: "", name: "", email: "", unit: "", role: "basic", is_municipal_admin: false },
  });
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: StaffValues) => api<StaffRow>("POST", "/api/v1/staff/", { ...v, cpf: v.cpf.replace(/\D/g, "") }),
    onSuccess: (_p, v) => {
      const unit = units.data?.find((u) => u.id === v.unit);
      form.reset();
      setFormError("");
      refresh();
      setNotice({ kind: "success", text: ta.staffAdded(v.name, unit?.acronym ?? "") });
    },
    onError: (e) => setFormError(placeServerError(form, e, ["cpf", "name", "email", "unit", "role"])),
  });
  const errors = form.formState.errors;
  return (
    <section>
      <SectionHead title={t.staff} help={ta.staffHelp} />
      <AddCard id="staff-add" title={t.addStaff} submit={t.addStaff} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="staff-cpf" label="CPF" required inputMode="numeric" placeholder="000.000.000-00"
            error={errors.cpf?.message} {...form.register("cpf")} />
          <Input id="staff-name" label={t.name} required error={errors.name?.message} {...form.register("name")} />
          <Input id="staff-email" label={t.email} required type="email" error={errors.email?.message} {...form.register("email")} />
          <Select id="staff-unit" label={t.unit} required placeholder={ta.chooseUnit} error={errors.unit?.message}
            {...form.register("unit")} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.acronym} — ${u.name}` }))} />
          <Select id="staff-role" label={t.role} {...form.register("role")}
            options={Object.entries(t.roles).map(([value, label]) => ({ value, label }))} />
        </div>
        <Checkbox id="staff-admin" label={t.municipalAdmin} {...form.register("is_municipal_admin")} />
      </AddCard>
      <CatalogueTable id="staff" title={ta.staffList} testId="admin-staff" rows={people.data} loading={people.isPending}
        notice={notice} onNotice={setNotice}
        text={(p) => `${p.name} ${p.cpf_masked} ${p.units.map((u) => u.acronym).join(" ")}`}
        columns={[
          { header: t.name, cell: (p) => <>{p.name}{p.is_municipal_admin && <> <span className="pm-tag pm-tag-info">{t.municipalAdmin}</span></>}</> },
          { header: "CPF", cell: (p) => p.cpf_masked },
          { header: t.units, cell: (p) => p.units.map((u) => `${u.acronym} (${t.roles[u.role]})`).join(", ") },
        ]} />
    </section>
  );
}

// ---------------------------------------------------------------- Tipos de processo
const levelOptions = (levels: AccessLevel[]) =>
  levels.map((value) => ({ value, label: messages.staff.accessLevels[value] }));

const ptypeSchema = z.object({ name: requiredText(ta.nameRequired).max(200), default_access_level: z.string() });

function ProcessTypes() {
  const rows = useQuery({ queryKey: ["admin", "process-types"], queryFn: staff.processTypes });
  const { notice, setNotice, toggle, refresh } = useCatalogue("process-types", "/api/v1/process-types/");
  const form = useForm<z.infer<typeof ptypeSchema>>({ resolver: zodResolver(ptypeSchema), defaultValues: { name: "", default_access_level: "public" } });
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: z.infer<typeof ptypeSchema>) => api<ProcessType>("POST", "/api/v1/process-types/", v),
    onSuccess: (x) => { form.reset(); setFormError(""); refresh(); setNotice({ kind: "success", text: ta.created(t.processTypeOne, x.name) }); },
    onError: (e) => setFormError(placeServerError(form, e, ["name", "default_access_level"])),
  });
  return (
    <section>
      <SectionHead title={t.processTypes} help={ta.processTypesHelp} />
      <AddCard id="ptype-add" title={ta.addProcessType} submit={t.add} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="ptype-name" label={t.name} required error={form.formState.errors.name?.message} {...form.register("name")} />
          <Select id="ptype-level" label={ta.defaultLevel} {...form.register("default_access_level")}
            options={levelOptions(["public", "restricted", "secret"])} />
        </div>
      </AddCard>
      <CatalogueTable id="ptypes" title={ta.processTypesList} testId="admin-process-types" rows={rows.data} loading={rows.isPending}
        notice={notice} onNotice={setNotice} text={(x) => x.name} active={(x) => x.active}
        onToggle={(x) => toggle.mutate({ id: x.id, active: x.active, label: `${t.processTypeOne} “${x.name}”` })}
        columns={[
          { header: t.name, cell: (x) => x.name },
          { header: ta.defaultLevel, cell: (x) => messages.staff.accessLevels[x.default_access_level] },
        ]} />
    </section>
  );
}

// ---------------------------------------------------------------- Tipos de documento
const dtypeSchema = z.object({ name: requiredText(ta.nameRequired).max(200), usage: z.string(), numbered: z.boolean() });

function DocumentTypes() {
  const rows = useQuery({ queryKey: ["admin", "document-types"], queryFn: staff.documentTypes });
  const { notice, setNotice, toggle, refresh } = useCatalogue("document-types", "/api/v1/document-types/");
  const form = useForm<z.infer<typeof dtypeSchema>>({ resolver: zodResolver(dtypeSchema), defaultValues: { name: "", usage: "internal", numbered: false } });
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: z.infer<typeof dtypeSchema>) => api<DocumentType>("POST", "/api/v1/document-types/", v),
    onSuccess: (x) => { form.reset(); setFormError(""); refresh(); setNotice({ kind: "success", text: ta.created(t.documentTypeOne, x.name) }); },
    onError: (e) => setFormError(placeServerError(form, e, ["name", "usage"])),
  });
  return (
    <section>
      <SectionHead title={t.documentTypes} help={ta.documentTypesHelp} />
      <AddCard id="dtype-add" title={ta.addDocumentType} submit={t.add} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="dtype-name" label={t.name} required error={form.formState.errors.name?.message} {...form.register("name")} />
          <Select id="dtype-usage" label={t.usage} {...form.register("usage")}
            options={Object.entries(t.usages).map(([value, label]) => ({ value, label }))} />
        </div>
        <Checkbox id="dtype-numbered" label={ta.numberedLabel} {...form.register("numbered")} />
      </AddCard>
      <CatalogueTable id="dtypes" title={ta.documentTypesList} testId="admin-document-types" rows={rows.data} loading={rows.isPending}
        notice={notice} onNotice={setNotice} text={(x) => x.name} active={(x) => x.active}
        onToggle={(x) => toggle.mutate({ id: x.id, active: x.active, label: `${t.documentTypeOne} “${x.name}”` })}
        columns={[
          { header: t.name, cell: (x) => x.name },
          { header: t.usage, cell: (x) => t.usages[x.usage] },
          { header: ta.numbering, cell: (x) => (x.numbered ? ta.yes : ta.no) },
          { header: signatureMessages.levels.level, cell: (x) => (x.usage === "external" ? "—" : <LevelCell documentType={x.id} />) },
        ]} />
      <LevelCard types={(rows.data ?? []).filter((d) => d.active)} />
    </section>
  );
}

// ---------------------------------------------------------------- Hipóteses legais
const basisSchema = z.object({
  name: requiredText(ta.nameRequired).max(200),
  reference: requiredText(ta.referenceRequired).max(200),
  access_level: z.string(),
});

function LegalBases() {
  const rows = useQuery({ queryKey: ["admin", "legal-bases"], queryFn: staff.legalBases });
  const { notice, setNotice, toggle, refresh } = useCatalogue("legal-bases", "/api/v1/legal-bases/");
  const form = useForm<z.infer<typeof basisSchema>>({ resolver: zodResolver(basisSchema), defaultValues: { name: "", reference: "", access_level: "restricted" } });
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: z.infer<typeof basisSchema>) => api<LegalBasis>("POST", "/api/v1/legal-bases/", v),
    onSuccess: (x) => { form.reset(); setFormError(""); refresh(); setNotice({ kind: "success", text: ta.created(t.legalBasisOne, x.name, true) }); },
    onError: (e) => setFormError(placeServerError(form, e, ["name", "reference", "access_level"])),
  });
  const errors = form.formState.errors;
  return (
    <section>
      <SectionHead title={t.legalBases} help={ta.legalBasesHelp} />
      <AddCard id="basis-add" title={ta.addLegalBasis} submit={t.add} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="basis-name" label={t.name} required error={errors.name?.message} {...form.register("name")} />
          <Input id="basis-ref" label={t.reference} required placeholder="Art. 31 da Lei nº 12.527/2011"
            error={errors.reference?.message} {...form.register("reference")} />
          <Select id="basis-level" label={messages.staff.accessLevel} {...form.register("access_level")}
            options={levelOptions(["restricted", "secret"])} />
        </div>
      </AddCard>
      <CatalogueTable id="bases" title={ta.legalBasesList} testId="admin-legal-bases" rows={rows.data} loading={rows.isPending}
        notice={notice} onNotice={setNotice} text={(x) => `${x.name} ${x.reference}`} active={(x) => x.active}
        onToggle={(x) => toggle.mutate({ id: x.id, active: x.active, label: `${t.legalBasisOne} “${x.name}”`, fem: true })}
        columns={[
          { header: t.name, cell: (x) => x.name },
          { header: t.reference, cell: (x) => x.reference },
          { header: messages.staff.accessLevel, cell: (x) => messages.staff.accessLevels[x.access_level] },
        ]} />
    </section>
  );
}

// ---------------------------------------------------------------- Modelos
const templateSchema = z.object({ name: requiredText(ta.nameRequired).max(200), document_type: requiredChoice(ta.documentTypeRequired) });

function Templates() {
  const rows = useQuery({ queryKey: ["admin", "templates"], queryFn: staff.templates });
  const types = useQuery({ queryKey: ["admin", "document-types"], queryFn: staff.documentTypes });
  const { notice, setNotice, toggle, refresh } = useCatalogue("templates", "/api/v1/templates/");
  const form = useForm<z.infer<typeof templateSchema>>({ resolver: zodResolver(templateSchema), defaultValues: { name: "", document_type: "" } });
  const [html, setHtml] = useState("");
  const [editorKey, setEditorKey] = useState(0);
  const [formError, setFormError] = useState("");
  const create = useMutation({
    onMutate: () => setNotice(null), // no stale message beside the new outcome
    mutationFn: (v: z.infer<typeof templateSchema>) => api<Template>("POST", "/api/v1/templates/", { ...v, html }),
    onSuccess: (x) => {
      form.reset();
      setHtml("");
      setEditorKey((k) => k + 1);
      setFormError("");
      refresh();
      setNotice({ kind: "success", text: ta.created(t.templateOne, x.name) });
    },
    onError: (e) => setFormError(placeServerError(form, e, ["name", "document_type"])),
  });
  const typeName = Object.fromEntries((types.data ?? []).map((d) => [d.id, d.name]));
  return (
    <section>
      <SectionHead title={t.templates} help={ta.templatesHelp} />
      <AddCard id="tpl-add" title={t.addTemplate} submit={t.addTemplate} busy={create.isPending} error={formError}
        onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <div className="pm-form-grid">
          <Input id="tpl-name" label={t.name} required error={form.formState.errors.name?.message} {...form.register("name")} />
          <Select id="tpl-type" label={messages.staff.documentType} required placeholder={ta.chooseDocumentType}
            error={form.formState.errors.document_type?.message} {...form.register("document_type")}
            options={(types.data ?? []).filter((d) => d.usage !== "external" && d.active).map((d) => ({ value: d.id, label: d.name }))} />
        </div>
        <p className="pm-label" id="tpl-text-label">{ta.templateText}</p>
        <Suspense fallback={<p role="status">{messages.loading}</p>}>
          <div aria-labelledby="tpl-text-label" role="group">
            <QuillLabels><Editor key={editorKey} html="" onChange={setHtml} /></QuillLabels>
          </div>
        </Suspense>
      </AddCard>
      <CatalogueTable id="templates" title={ta.templatesList} testId="admin-templates" rows={rows.data} loading={rows.isPending}
        notice={notice} onNotice={setNotice} text={(x) => `${x.name} ${typeName[x.document_type] ?? ""}`} active={(x) => x.active}
        onToggle={(x) => toggle.mutate({ id: x.id, active: x.active, label: `${t.templateOne} “${x.name}”` })}
        columns={[
          { header: t.name, cell: (x) => x.name },
          { header: messages.staff.documentType, cell: (x) => typeName[x.document_type] ?? "—" },
        ]} />
    </section>
  );
}

// ---------------------------------------------------------------- Trâmites externos
function External() {
  return (
    <section>
      <SectionHead title={messages.tramita.title} help={ta.externalHelp} />
      <Envelopes coordinator={false} />
    </section>
  );
}
