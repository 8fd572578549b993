// "Intimações pendentes": the working unit's intimações awaiting cumprimento or response.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { Message } from "../../components/Message";
import { Table } from "../../components/Table";
import { Tag } from "../../components/Tag";
import { formatDate } from "../../dates";
import { intimationMessages } from "../../i18n/intimations";
import { intimationsApi } from "./api";

const m = intimationMessages;
const t = m.pending;

export function PendingIntimations() {
  const q = useQuery({ queryKey: ["intimations", "pending"], queryFn: intimationsApi.pending, staleTime: 0 });
  return (
    <section aria-labelledby="pm-pending-title">
      <h1 id="pm-pending-title">{t.title}</h1>
      <p>{t.intro}</p>
      {q.isError && <Message kind="danger">{(q.error as Error).message}</Message>}
      {!q.data && !q.isError && <p role="status">{m.dialog.loading}</p>}
      {q.data && !q.data.length && <Message kind="info">{t.none}</Message>}
      {q.data && q.data.length > 0 && (
        <Table caption={t.caption} testId="pending-intimations">
          <thead>
            <tr>
              <th scope="col">{t.process}</th><th scope="col">{t.kind}</th><th scope="col">{t.recipient}</th>
              <th scope="col">{t.state}</th><th scope="col">{t.tacit}</th><th scope="col">{t.due}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((r) => (
              <tr key={r.id}>
                <td><Link to={`/processos/${r.intimation.process.id}`}>{r.intimation.process.number}</Link></td>
                <td>{r.intimation.kind}</td>
                <td>{r.name}</td>
                <td><Tag tone={m.tones[r.state] ?? "info"}>{r.state_label}</Tag></td>
                <td>{formatDate(r.tacit_date)}</td>
                <td>{r.response_due ? formatDate(r.response_due) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
