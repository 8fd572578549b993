import { type FormEvent, useCallback, useEffect, useState } from "react";

import { api } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { type DocumentType, type LegalBasis, type ProcessType, type Template, staff } from "./api";
import { Envelopes } from "../tramita/Envelopes";
import { Editor } from "./Editor";

const t = messages.admin;

interface UnitRow { id: string; name: string; acronym: string; parent: string | null; active: boolean }
interface StaffRow {
  id: string; name: string; cpf_masked: string; is_municipal_admin: boolean;
  units: { acronym: string; role: string }[];
}

/** Municipal admins: units, staff and the catalogues (types, legal bases, templates). */
export function Admin() {
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [people, setPeople] = useState<StaffRow[]>([]);
  const [ptypes, setPtypes] = useState<ProcessType[]>([]);
  const [dtypes, setDtypes] = useState<DocumentType[]>([]);
  const [bases, setBases] = useState<LegalBasis[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = useCallback(() => {
    const fail = (e: Error) => setError(e.message);
    api<{ results: UnitRow[] }>("GET", "/api/v1/units/").then((p) => setUnits(p.results)).catch(fail);
    api<StaffRow[]>("GET", "/api/v1/staff/").then(setPeople).catch(fail);
    staff.processTypes().then(setPtypes).catch(fail);
    staff.documentTypes().then(setDtypes).catch(fail);
    staff.legalBases().then(setBases).catch(fail);
    staff.templates().then(setTemplates).catch(fail);
  }, []);
  useEffect(load, [load]);

  async function send(url: string, body: Record<string, unknown>, form: HTMLFormElement) {
    setError("");
    setNotice("");
    try {
      await api("POST", url, body);
      form.reset();
      setNotice(t.saved);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function toggle(url: string, active: boolean) {
    setError("");
    try {
      await api("PATCH", url, { active: !active });
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  function Item({ url, active, children }: { url: string; active: boolean; children: React.ReactNode }) {
    return (
      <li className={active ? "" : "pm-inactive"}>
        {children}{" "}
        <button type="button" className="br-button secondary small" onClick={() => toggle(url, active)}>
          {active ? t.deactivate : t.activate}
        </button>
      </li>
    );
  }

  function fields(event: FormEvent<HTMLFormElement>): Record<string, unknown> {
    event.preventDefault();
    const data: Record<string, unknown> = {};
    new FormData(event.currentTarget).forEach((value, key) => {
      data[key] = value === "on" ? true : value === "" ? null : value;
    });
    return data;
  }

  const byId = Object.fromEntries(units.map((u) => [u.id, u.acronym]));
  return (
    <section>
      <h1>{t.title}</h1>
      {error && <Message kind="danger">{error}</Message>}
      {notice && <Message kind="success">{notice}</Message>}

      <h2>{t.units}</h2>
      <table className="br-table pm-table" data-testid="admin-units">
        <thead><tr><th>{t.acronym}</th><th>{t.name}</th><th>{t.parent}</th></tr></thead>
        <tbody>{units.map((u) => (
          <tr key={u.id}><td>{u.acronym}</td><td>{u.name}</td><td>{u.parent ? byId[u.parent] : ""}</td></tr>
        ))}</tbody>
      </table>
      <form className="pm-filters" onSubmit={(e) => send("/api/v1/units/", fields(e), e.currentTarget)}>
        <div className="br-input"><label htmlFor="unit-name">{t.name}</label><input id="unit-name" name="name" required /></div>
        <div className="br-input"><label htmlFor="unit-acronym">{t.acronym}</label><input id="unit-acronym" name="acronym" required /></div>
        <div className="br-select"><label htmlFor="unit-parent">{t.parent}</label>
          <select id="unit-parent" name="parent"><option value="" />
            {units.map((u) => <option key={u.id} value={u.id}>{u.acronym}</option>)}</select></div>
        <button className="br-button primary" type="submit">{t.addUnit}</button>
      </form>

      <h2>{t.staff}</h2>
      <table className="br-table pm-table" data-testid="admin-staff">
        <thead><tr><th>{t.name}</th><th>CPF</th><th>{t.units}</th></tr></thead>
        <tbody>{people.map((p) => (
          <tr key={p.id}><td>{p.name}{p.is_municipal_admin ? ` (${t.municipalAdmin})` : ""}</td>
            <td>{p.cpf_masked}</td>
            <td>{p.units.map((u) => `${u.acronym} (${t.roles[u.role]})`).join(", ")}</td></tr>
        ))}</tbody>
      </table>
      <form className="pm-filters" onSubmit={(e) => send("/api/v1/staff/", fields(e), e.currentTarget)}>
        <div className="br-input"><label htmlFor="staff-cpf">CPF</label><input id="staff-cpf" name="cpf" required /></div>
        <div className="br-input"><label htmlFor="staff-name">{t.name}</label><input id="staff-name" name="name" required /></div>
        <div className="br-input"><label htmlFor="staff-email">{t.email}</label><input id="staff-email" name="email" type="email" required /></div>
        <div className="br-select"><label htmlFor="staff-unit">{t.unit}</label>
          <select id="staff-unit" name="unit" required>
            {units.map((u) => <option key={u.id} value={u.id}>{u.acronym}</option>)}</select></div>
        <div className="br-select"><label htmlFor="staff-role">{t.role}</label>
          <select id="staff-role" name="role">
            {Object.entries(t.roles).map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></div>
        <label><input type="checkbox" name="is_municipal_admin" /> {t.municipalAdmin}</label>
        <button className="br-button primary" type="submit">{t.addStaff}</button>
      </form>

      <h2>{t.processTypes}</h2>
      <ul className="pm-catalogue" data-testid="admin-process-types">{ptypes.map((x) => (
        <Item key={x.id} url={`/api/v1/process-types/${x.id}/`} active={x.active}>{x.name}</Item>))}</ul>
      <form className="pm-filters" onSubmit={(e) => send("/api/v1/process-types/", fields(e), e.currentTarget)}>
        <div className="br-input"><label htmlFor="ptype-name">{t.name}</label><input id="ptype-name" name="name" required /></div>
        <div className="br-select"><label htmlFor="ptype-level">{messages.staff.accessLevel}</label>
          <select id="ptype-level" name="default_access_level">
            {Object.entries(messages.staff.accessLevels).map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></div>
        <button className="br-button primary" type="submit">{t.add}</button>
      </form>

      <h2>{t.documentTypes}</h2>
      <ul className="pm-catalogue">{dtypes.map((x) => (
        <Item key={x.id} url={`/api/v1/document-types/${x.id}/`} active={x.active}>
          {x.name}{x.numbered ? ` (${t.numbered})` : ""}</Item>))}</ul>
      <form className="pm-filters" onSubmit={(e) => send("/api/v1/document-types/", fields(e), e.currentTarget)}>
        <div className="br-input"><label htmlFor="dtype-name">{t.name}</label><input id="dtype-name" name="name" required /></div>
        <div className="br-select"><label htmlFor="dtype-usage">{t.usage}</label>
          <select id="dtype-usage" name="usage">
            {Object.entries(t.usages).map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></div>
        <label><input type="checkbox" name="numbered" /> {t.numbered}</label>
        <button className="br-button primary" type="submit">{t.add}</button>
      </form>

      <h2>{t.legalBases}</h2>
      <ul className="pm-catalogue">{bases.map((x) => (
        <Item key={x.id} url={`/api/v1/legal-bases/${x.id}/`} active={x.active}>
          {x.name} — {x.reference} ({messages.staff.accessLevels[x.access_level]})</Item>))}</ul>
      <form className="pm-filters" onSubmit={(e) => send("/api/v1/legal-bases/", fields(e), e.currentTarget)}>
        <div className="br-input"><label htmlFor="basis-name">{t.name}</label><input id="basis-name" name="name" required /></div>
        <div className="br-input"><label htmlFor="basis-ref">{t.reference}</label><input id="basis-ref" name="reference" required /></div>
        <div className="br-select"><label htmlFor="basis-level">{messages.staff.accessLevel}</label>
          <select id="basis-level" name="access_level">
            <option value="restricted">{messages.staff.accessLevels.restricted}</option>
            <option value="secret">{messages.staff.accessLevels.secret}</option></select></div>
        <button className="br-button primary" type="submit">{t.add}</button>
      </form>

      <h2>{t.templates}</h2>
      <ul className="pm-catalogue">{templates.map((x) => (
        <Item key={x.id} url={`/api/v1/templates/${x.id}/`} active={x.active}>{x.name}</Item>))}</ul>
      <TemplateForm types={dtypes.filter((d) => d.usage !== "external")} onSend={send} />

      <h2 className="mt-5">{messages.tramita.link}</h2>
      <Envelopes coordinator={false} />
    </section>
  );
}

function TemplateForm({ types, onSend }: {
  types: DocumentType[];
  onSend: (url: string, body: Record<string, unknown>, form: HTMLFormElement) => Promise<void>;
}) {
  const [html, setHtml] = useState("");
  const [key, setKey] = useState(0);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await onSend("/api/v1/templates/", {
      name: data.get("name"), document_type: data.get("document_type"), html,
    }, form);
    setKey((k) => k + 1);
  }
  return (
    <form className="br-card p-3" onSubmit={submit}>
      <div className="br-input mb-2"><label htmlFor="tpl-name">{t.name}</label><input id="tpl-name" name="name" required /></div>
      <div className="br-select mb-2"><label htmlFor="tpl-type">{messages.staff.documentType}</label>
        <select id="tpl-type" name="document_type" required>
          {types.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}</select></div>
      <Editor key={key} html="" onChange={setHtml} />
      <button className="br-button primary mt-2" type="submit">{t.addTemplate}</button>
    </form>
  );
}

export function AdminRoutes() {
  return <Admin />;
}
