import { useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type ProcessSummary, staff } from "./api";

const t = messages.staff;

export function ProcessList() {
  const [items, setItems] = useState<ProcessSummary[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    staff.processes().then((p) => setItems(p.results)).catch((e) => setError(e.message));
  }, []);
  return (
    <section>
      <div className="d-flex justify-content-between align-items-center">
        <h1>{t.processes}</h1>
        <a className="br-button primary" {...linkProps("/processos/novo")}>{t.newProcess}</a>
      </div>
      {error && <Message kind="danger">{error}</Message>}
      {items && items.length === 0 && <p>{t.noProcesses}</p>}
      {items && items.length > 0 && (
        <table className="br-table pm-table" data-testid="processes">
          <thead>
            <tr><th>{t.number}</th><th>{t.type}</th><th>{t.summary}</th><th>{t.unit}</th>
              <th>{t.accessLevel}</th></tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td><a {...linkProps(`/processos/${p.id}`)}>{p.number}</a></td>
                <td>{p.process_type}</td><td>{p.summary}</td><td>{p.unit}</td>
                <td>{t.accessLevels[p.access_level]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
