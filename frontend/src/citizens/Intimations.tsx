// Minhas intimações: the list, "Consultar" behind the confirmation text.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import type { ApiError } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { formatDate } from "../dates";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen, type IntimationRow } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";

const m = t.intimations;

export function Intimations() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "intimations"], queryFn: citizen.intimations });
  const [asking, setAsking] = useState<IntimationRow | null>(null);
  const [done, setDone] = useState<IntimationRow | null>(null);
  const consult = useMutation({
    mutationFn: (row: IntimationRow) => citizen.consult(row.id),
    onSuccess: (row) => {
      setAsking(null);
      setDone(row);
      client.invalidateQueries({ queryKey: ["citizen"] });
    },
  });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  const rows = q.data.results;
  return (
    <section>
      {done && (
        <Message kind="success">
          {m.consulted} <Link to={`/cidadao/processos/${done.intimation.process.id}`}>{m.openProcess}</Link>
        </Message>
      )}
      {!rows.length ? <Message kind="info">{m.none}</Message> : (
        <Table caption={m.caption} testId="intimations">
          <thead>
            <tr>
              <th scope="col">{m.process}</th><th scope="col">{m.type}</th><th scope="col">{m.state}</th>
              <th scope="col">{m.tacit}</th><th scope="col">{m.deadline}</th><th scope="col"><span className="sr-only">{m.open}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.intimation.process.number}</td>
                <td>{r.intimation.kind}</td>
                <td>{r.state_label}</td>
                <td>{r.tacit_date ? formatDate(r.tacit_date) : ""}</td>
                <td>{r.response_due ? formatDate(r.response_due) : ""}</td>
                <td>
                  <button type="button" className="br-button secondary small" onClick={() => setAsking(r)}>{m.open}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {asking && (
        <ConfirmDialog title={m.confirmTitle} question={asking.confirmation_text} confirm={m.confirm}
          busy={consult.isPending} error={consult.isError ? (consult.error as ApiError).message : undefined}
          onConfirm={() => consult.mutate(asking)} onClose={() => setAsking(null)} />
      )}
    </section>
  );
}
