import { useEffect, useState } from "react";

import { messages } from "../i18n/pt-BR";
import { type Repository, type Structure, formatHierarchy, structureLabel, tramita } from "./api";

const t = messages.tramita;
const DEBOUNCE_MS = 300;

export interface Choice {
  repository: number;
  structure: Structure;
}

/** A repository (select) and a structure found by name (debounced search). */
export function StructurePicker({ idPrefix, value, onChange, onError }: {
  idPrefix: string;
  value: Choice | null;
  onChange: (choice: Choice | null) => void;
  onError: (message: string) => void;
}) {
  const [repositories, setRepositories] = useState<Repository[]>([]);
  const [repository, setRepository] = useState<number | null>(null);
  const [term, setTerm] = useState("");
  const [results, setResults] = useState<Structure[] | null>(null);
  const [total, setTotal] = useState(0);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    tramita.repositories().then((found) => {
      setRepositories(found);
      if (found.length === 1) setRepository(found[0].id);
    }).catch((e) => onError(e.message));
  }, [onError]);

  useEffect(() => {
    const name = term.trim();
    if (repository === null || name.length < 2 || value) {
      setResults(null);
      setSearching(false);
      return;
    }
    let stale = false;
    setSearching(true);
    const timer = window.setTimeout(() => {
      tramita.structures(repository, name).then((page) => {
        if (stale) return;
        setResults(page.estruturas);
        setTotal(page.totalDeRegistros);
      }).catch((e) => { if (!stale) onError(e.message); })
        .finally(() => { if (!stale) setSearching(false); });
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [repository, term, value, onError]);

  return (
    <div className="pm-picker">
      <div className="br-select mb-2">
        <label htmlFor={`${idPrefix}-repository`}>{t.repository}</label>
        <select id={`${idPrefix}-repository`} value={repository ?? ""} required
          onChange={(e) => {
            setRepository(e.target.value ? Number(e.target.value) : null);
            onChange(null);
          }}>
          <option value="">{t.chooseRepository}</option>
          {repositories.map((r) => <option key={r.id} value={r.id}>{r.nome}</option>)}
        </select>
      </div>
      {value ? (
        <div className="pm-chosen" data-testid={`${idPrefix}-chosen`}>
          <span>{t.chosen}: </span>
          <strong>{structureLabel(value.structure)}</strong>{" "}
          <button type="button" className="br-button secondary small" onClick={() => onChange(null)}>
            {t.change}
          </button>
        </div>
      ) : (
        <>
          <div className="br-input mb-2">
            <label htmlFor={`${idPrefix}-search`}>{t.searchStructure}</label>
            <input id={`${idPrefix}-search`} type="search" value={term} autoComplete="off"
              disabled={repository === null} onChange={(e) => setTerm(e.target.value)} />
          </div>
          {searching && <p role="status">{t.searching}</p>}
          {!searching && results && results.length === 0 && <p>{t.noStructures}</p>}
          {!searching && results && results.length > 0 && (
            <ul className="pm-options pm-structures" role="listbox" aria-label={t.searchStructure}
              data-testid={`${idPrefix}-results`}>
              {results.map((s) => {
                const usable = s.ativo && s.aptoParaReceberTramites;
                const path = formatHierarchy(s);
                return (
                  <li key={s.numeroDeIdentificacaoDaEstrutura} role="option" aria-selected="false">
                    <button type="button" disabled={!usable}
                      onClick={() => repository !== null && onChange({ repository, structure: s })}>
                      <strong>{s.sigla}</strong> — {s.nome}
                      {path && <span className="pm-hierarchy">{path}</span>}
                      {!usable && <em> ({t.cannotReceive})</em>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {!searching && results && total > results.length && (
            <p className="text-down-01">{t.moreResults(results.length, total)}</p>
          )}
        </>
      )}
    </div>
  );
}
