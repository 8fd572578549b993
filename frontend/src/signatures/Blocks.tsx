// Blocos de assinatura: the blocks my current unit generated, and those made available
// to it (received); a new block from a description.
import "./signatures.css";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate } from "react-router";
import { z } from "zod";

import { Input } from "../components/Field";
import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { formatDateTime } from "../dates";
import { requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";
import { signatureMessages } from "../i18n/signatures";
import { BlockStateTag } from "./BlockStateTag";
import { type BlockRow, blocks } from "./blocksApi";

const t = signatureMessages.blocks;
const schema = z.object({ description: requiredText(t.descriptionRequired).max(200) });

export function Blocks() {
  const [kind, setKind] = useState<"generated" | "received">(
    () => (new URLSearchParams(window.location.search).get("lista") === "recebidos" ? "received" : "generated"));
  const rows = useQuery({ queryKey: ["signature-blocks", kind], queryFn: () => blocks.list(kind), staleTime: 0 });
  const navigate = useNavigate();
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { description: "" } });
  const create = useMutation({
    mutationFn: (description: string) => blocks.create(description),
    onSuccess: (block) => navigate(`/blocos-de-assinatura/${block.id}`, { state: { notice: t.created(block.number) } }),
    onError: (e: Error) => form.setError("description", { message: e.message }),
  });
  return (
    <section className="pm-blocks" aria-labelledby="pm-blocks-title">
      <h1 id="pm-blocks-title">{t.title}</h1>
      <p>{t.help}</p>
      <div className="br-tab">
        <nav className="tab-nav">
          <ul role="tablist" aria-label={t.title}>
            {(["generated", "received"] as const).map((name) => (
              <li key={name} className={`tab-item ${kind === name ? "active" : ""}`} role="presentation">
                <button type="button" role="tab" id={`pm-blocks-${name}`} aria-selected={kind === name}
                  aria-controls="pm-blocks-panel" onClick={() => setKind(name)}>
                  <span className="name">{t[name]}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div id="pm-blocks-panel" role="tabpanel" aria-labelledby={`pm-blocks-${kind}`}>
        {kind === "generated" && (
          <form noValidate className="pm-inline-form pm-blocks-new" data-testid="new-block"
            onSubmit={form.handleSubmit((v) => create.mutate(v.description))}>
            <Input id="block-description" label={t.newDescription} maxLength={200} required
              error={form.formState.errors.description?.message} {...form.register("description")} />
            <button type="submit" className="br-button primary" disabled={create.isPending}>
              <i className="fas fa-plus" aria-hidden="true" /> {t.create}</button>
          </form>
        )}
        {rows.isError && <Message kind="danger">{(rows.error as Error).message}</Message>}
        {rows.isPending && <p role="status">{messages.loading}</p>}
        {rows.data && rows.data.length === 0 && (
          <p className="pm-empty-text">{kind === "received" ? t.emptyReceived : t.empty}</p>
        )}
        {rows.data && rows.data.length > 0 && <BlockTable rows={rows.data} kind={kind} />}
      </div>
    </section>
  );
}

function BlockTable({ rows, kind }: { rows: BlockRow[]; kind: "generated" | "received" }) {
  return (
    <Table caption={`${t.title}: ${t[kind].toLowerCase()}`} testId="block-list">
      <thead><tr>
        <th scope="col">{t.number}</th><th scope="col">{t.description}</th><th scope="col">{t.state}</th>
        <th scope="col">{kind === "received" ? t.unit : t.recipients}</th>
        <th scope="col">{t.documents}</th><th scope="col">{t.updated}</th>
      </tr></thead>
      <tbody>{rows.map((b) => (
        <tr key={b.id}>
          <td><Link to={`/blocos-de-assinatura/${b.id}`}>{b.number}</Link></td>
          <td><Link to={`/blocos-de-assinatura/${b.id}`}>{b.description}</Link></td>
          <td><BlockStateTag state={b.state} label={b.state_label} /></td>
          <td>{kind === "received" ? b.unit.acronym : b.recipients.map((u) => u.acronym).join(", ") || "—"}</td>
          <td>{b.document_count ?? 0}</td>
          <td>{formatDateTime(b.updated_at)}</td>
        </tr>
      ))}</tbody>
    </Table>
  );
}
