import { type FormEvent, useCallback, useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type Mapping, tramita } from "./api";
import { Envelopes } from "./Envelopes";
import { type Choice, StructurePicker } from "./StructurePicker";

const t = messages.tramita;

/** The state coordination's view of the Tramita GOV.BR connector (state host, /tramita). */
export function Coordinator() {
  return (
    <section>
      <p><a {...linkProps("/implantacao")}>← {messages.onboarding.title}</a></p>
      <h1>{t.title}</h1>
      <Envelopes coordinator />
      <Mappings />
    </section>
  );
}

function Mappings() {
  const [mappings, setMappings] = useState<Mapping[]>([]);
  const [ibge, setIbge] = useState("");
  const [choice, setChoice] = useState<Choice | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [picker, setPicker] = useState(0);

  const load = useCallback(() => {
    tramita.mappings().then(setMappings).catch((e) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    setNotice("");
    if (!choice) {
      setError(t.chooseStructure);
      return;
    }
    try {
      await tramita.map({
        municipality: ibge.trim(),
        repository: choice.repository,
        structure: Number(choice.structure.numeroDeIdentificacaoDaEstrutura),
      });
      setNotice(t.mapped);
      setIbge("");
      setChoice(null);
      setPicker((k) => k + 1);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
      <h2 className="mt-5">{t.mappings}</h2>
      {mappings.length === 0 ? <p>{t.noMappings}</p> : (
        <div className="pm-table-scroll" tabIndex={0} role="region" aria-label={t.mappings}><table className="pm-table" data-testid="mappings">
          <thead>
            <tr><th>{t.municipality}</th><th>{messages.onboarding.ibge}</th><th>{t.structure}</th>
              <th>{t.repository}</th></tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={`${m.repository}-${m.structure}`}>
                <td>{m.municipality_name}{m.unit ? "" : ` (${t.wholeMunicipality})`}</td>
                <td>{m.municipality}</td>
                <td>{m.acronym ? `${m.acronym} — ` : ""}{m.name} ({m.structure})</td>
                <td>{m.repository}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <form className="br-card p-3 my-3" onSubmit={submit} data-testid="mapping-form">
        <h3 className="h5 mt-0">{t.map}</h3>
        {error && <Message kind="danger">{error}</Message>}
        {notice && <Message kind="success">{notice}</Message>}
        <div className="br-input mb-2">
          <label htmlFor="mapping-ibge">{t.ibge}</label>
          <input id="mapping-ibge" value={ibge} required inputMode="numeric" pattern="\d{7}"
            maxLength={7} onChange={(e) => setIbge(e.target.value.replace(/\D/g, ""))} />
        </div>
        <StructurePicker key={picker} idPrefix="mapping" value={choice} onChange={setChoice}
          onError={setError} />
        <button type="submit" className="br-button primary mt-2" disabled={!choice}>{t.map}</button>
      </form>
    </>
  );
}
