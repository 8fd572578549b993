// Vinculações a pessoa jurídica (/vinculacoes): citizens' requests to act as responsável
// legal of a company, with the atos constitutivos in the request's process; staff who see
// that process approve (the citizen replaces the previous responsável legal) or refuse
// with a reason the citizen reads.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { z } from "zod";

import type { ApiError } from "../api";
import { citizen, type LinkRequest } from "../citizens/api";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { Input } from "../components/Field";
import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { formatDateTime } from "../dates";
import { requiredText } from "../forms";
import { citizenMessages } from "../i18n/citizens";
import { messages } from "../i18n/pt-BR";

const m = citizenMessages.staffLinks;
const schema = z.object({ reason: requiredText(m.reasonRequired).max(1000) });

export function CompanyLinks() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["company-link-requests"], queryFn: citizen.staffLinkRequests });
  const [approving, setApproving] = useState<LinkRequest | null>(null);
  const [refusing, setRefusing] = useState<LinkRequest | null>(null);
  const [done, setDone] = useState("");
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { reason: "" } });
  const review = useMutation({
    mutationFn: ({ row, approve, reason }: { row: LinkRequest; approve: boolean; reason?: string }) =>
      citizen.reviewLink(row.id, approve, reason),
    onSuccess: (_row, { approve }) => {
      setApproving(null);
      setRefusing(null);
      form.reset();
      setDone(approve ? m.approved : m.refused);
      client.invalidateQueries({ queryKey: ["company-link-requests"] });
    },
  });
  const error = review.isError ? (review.error as ApiError).message : undefined;
  return (
    <section data-testid="company-links">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {done && <Message kind="success">{done}</Message>}
      {q.isError ? <Message kind="danger">{(q.error as ApiError).message}</Message>
        : !q.data ? <p role="status">{citizenMessages.loading}</p>
        : !q.data.results.length ? <Message kind="info">{m.none}</Message> : (
          <Table caption={m.caption} testId="company-link-table">
            <thead>
              <tr>
                <th scope="col">{m.company}</th><th scope="col">{m.requester}</th>
                <th scope="col">{m.process}</th><th scope="col">{m.received}</th><th scope="col">{m.actions}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.results.map((r) => (
                <tr key={r.id}>
                  <td>{r.company_name}<br />CNPJ {r.cnpj}</td>
                  <td>{r.requester} ({r.requester_cpf})</td>
                  <td><Link to={`/processos/${r.process.id}`}>{r.process.number}</Link></td>
                  <td>{formatDateTime(r.created_at)}</td>
                  <td>
                    <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
                      <button type="button" className="br-button primary small" aria-label={`${m.approve}: ${r.requester}`}
                        onClick={() => { review.reset(); setApproving(r); }}>{m.approve}</button>
                      <button type="button" className="br-button secondary small" aria-label={`${m.refuse}: ${r.requester}`}
                        onClick={() => { review.reset(); form.reset(); setRefusing(r); }}>{m.refuse}</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      {approving && (
        <ConfirmDialog title={m.approveTitle} question={m.approveQuestion(approving.requester, approving.company_name)}
          confirm={m.approve} busy={review.isPending} error={error}
          onConfirm={() => review.mutate({ row: approving, approve: true })} onClose={() => setApproving(null)} />
      )}
      {refusing && (
        <Dialog title={m.refuseTitle} onClose={() => setRefusing(null)} testId="refuse-dialog"
          footer={
            <>
              <button type="button" className="br-button secondary" onClick={() => setRefusing(null)}>{messages.forms.back}</button>
              <button type="submit" form="refuse-form" className="br-button primary pm-danger" disabled={review.isPending}>{m.refuse}</button>
            </>
          }>
          <form id="refuse-form" noValidate
            onSubmit={form.handleSubmit((v) => review.mutate({ row: refusing, approve: false, reason: v.reason }))}>
            <Input id="refuse-reason" label={m.reason} required maxLength={1000}
              error={form.formState.errors.reason?.message} {...form.register("reason")} />
            {error && <Message kind="danger">{error}</Message>}
          </form>
        </Dialog>
      )}
    </section>
  );
}
