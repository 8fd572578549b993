import { type FormEvent, useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { navigate } from "../router";
import { type AccessLevel, type LegalBasis, type ProcessType, staff } from "./api";

const t = messages.staff;

export function NewProcess() {
  const [types, setTypes] = useState<ProcessType[]>([]);
  const [bases, setBases] = useState<LegalBasis[]>([]);
  const [type, setType] = useState("");
  const [summary, setSummary] = useState("");
  const [level, setLevel] = useState<AccessLevel>("public");
  const [basis, setBasis] = useState("");
  const [parties, setParties] = useState<{ document: string; name: string }[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    staff.processTypes().then((all) => setTypes(all.filter((x) => x.active)))
      .catch((e) => setError(e.message));
    staff.legalBases().then((all) => setBases(all.filter((x) => x.active)))
      .catch((e) => setError(e.message));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    try {
      const created = await staff.createProcess({
        process_type: type, summary, access_level: level,
        legal_basis: level === "public" ? null : basis || null,
        parties: parties.filter((p) => p.document || p.name),
      });
      navigate(`/processos/${created.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form className="br-card p-4" onSubmit={submit}>
      <h1>{t.newProcess}</h1>
      {error && <Message kind="danger">{error}</Message>}
      <div className="br-select mb-3">
        <label htmlFor="process-type">{t.type}</label>
        <select id="process-type" value={type} required onChange={(e) => {
          setType(e.target.value);
          const chosen = types.find((x) => x.id === e.target.value);
          if (chosen) setLevel(chosen.default_access_level);
        }}>
          <option value="" />
          {types.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
      </div>
      <div className="br-input mb-3">
        <label htmlFor="process-summary">{t.summary}</label>
        <input id="process-summary" value={summary} required maxLength={500}
          onChange={(e) => setSummary(e.target.value)} />
      </div>
      <fieldset className="mb-3">
        <legend>{t.accessLevel}</legend>
        {(["public", "restricted", "secret"] as const).map((value) => (
          <label key={value} className="mr-3">
            <input type="radio" name="access" value={value} checked={level === value}
              onChange={() => { setLevel(value); setBasis(""); }} /> {t.accessLevels[value]}
          </label>
        ))}
      </fieldset>
      {level !== "public" && (
        <div className="br-select mb-3">
          <label htmlFor="process-basis">{t.legalBasis}</label>
          <select id="process-basis" value={basis} required onChange={(e) => setBasis(e.target.value)}>
            <option value="">{t.chooseLegalBasis}</option>
            {bases.filter((b) => b.access_level === level).map((b) => (
              <option key={b.id} value={b.id}>{b.name} ({b.reference})</option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="mb-3">
        <legend>{t.parties}</legend>
        {parties.map((party, index) => (
          <div className="d-flex mb-2" key={index}>
            <div className="br-input mr-2">
              <label htmlFor={`party-doc-${index}`}>{t.partyDocument}</label>
              <input id={`party-doc-${index}`} value={party.document} onChange={(e) => setParties(
                parties.map((p, i) => (i === index ? { ...p, document: e.target.value } : p)))} />
            </div>
            <div className="br-input mr-2">
              <label htmlFor={`party-name-${index}`}>{t.partyName}</label>
              <input id={`party-name-${index}`} value={party.name} onChange={(e) => setParties(
                parties.map((p, i) => (i === index ? { ...p, name: e.target.value } : p)))} />
            </div>
            <button type="button" className="br-button secondary small"
              onClick={() => setParties(parties.filter((_, i) => i !== index))}>{t.removeParty}</button>
          </div>
        ))}
        <button type="button" className="br-button secondary small"
          onClick={() => setParties([...parties, { document: "", name: "" }])}>{t.addParty}</button>
      </fieldset>
      <button type="submit" className="br-button primary">{t.create}</button>
    </form>
  );
}
