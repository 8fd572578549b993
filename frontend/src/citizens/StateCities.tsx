// The state host: "meus processos em todos os municípios" (from the public index only);
// each city opens that city's own citizen area.
import { useQuery } from "@tanstack/react-query";

import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";

const m = t.state;

export function StateCities() {
  const q = useQuery({ queryKey: ["citizen", "municipalities"], queryFn: citizen.municipalities });
  return (
    <section data-testid="state-cities">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {q.isError ? <ErrorMessage error={q.error} /> : !q.data ? <Loading /> : !q.data.results.length
        ? <Message kind="info">{m.none}</Message> : (
          <Table caption={m.caption}>
            <thead><tr><th scope="col">{m.city}</th><th scope="col">{m.count}</th></tr></thead>
            <tbody>
              {q.data.results.map((c) => (
                <tr key={c.slug}>
                  <td><a href={c.url} aria-label={m.open(c.name)}>{c.name}</a></td>
                  <td>{c.processes}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </section>
  );
}
