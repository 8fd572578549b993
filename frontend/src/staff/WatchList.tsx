import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { z } from "zod";

import { ConfirmDialog } from "../components/Dialog";
import { Input, Select } from "../components/Field";
import { type Notice, NoticeView } from "../components/Message";
import { Table } from "../components/Table";
import { formatDate } from "../dates";
import { requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";
import { staff } from "./api";

const t = messages.watch;
const schema = z.object({ name: requiredText().max(100) });

/** Acompanhamento especial: my watch list, by group. */
export function WatchList() {
  const client = useQueryClient();
  const [group, setGroup] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const groups = useQuery({ queryKey: ["watch-groups"], queryFn: staff.watchGroups });
  const rows = useQuery({ queryKey: ["watches", group], queryFn: () => staff.watches(group) , staleTime: 0 });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { name: "" } });

  const create = useMutation({
    mutationFn: (name: string) => staff.createWatchGroup(name),
    onSuccess: (created) => {
      form.reset();
      client.invalidateQueries({ queryKey: ["watch-groups"] });
      setNotice({ kind: "success", text: messages.watchList.groupCreated(created.name) });
    },
    onError: (e: Error) => form.setError("name", { message: e.message }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => staff.deleteWatchGroup(id),
    onSuccess: () => {
      const name = groups.data?.find((g) => g.id === group)?.name ?? "";
      setGroup("");
      setConfirmDelete(false);
      client.invalidateQueries({ queryKey: ["watch-groups"] });
      client.invalidateQueries({ queryKey: ["watches"] });
      setNotice({ kind: "success", text: messages.watchList.groupDeleted(name) });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  const error = groups.error ?? rows.error;
  const list = rows.data?.results;

  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      <NoticeView notice={error ? { kind: "danger", text: error.message } : notice} onClose={() => setNotice(null)} />
      <div className="pm-toolbar">
        <Select id="watch-filter" label={t.group} value={group} onChange={(e) => setGroup(e.target.value)}
          options={[{ value: "", label: t.allGroups }, { value: "none", label: t.noGroup },
            ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))]} />
        {group && group !== "none" && (
          <button type="button" className="br-button secondary" onClick={() => setConfirmDelete(true)}>
            <i className="fas fa-trash" aria-hidden="true"></i> {t.deleteGroup}
          </button>
        )}
        <form noValidate className="pm-inline-form" onSubmit={form.handleSubmit((v) => create.mutate(v.name))}>
          <Input id="watch-group-name" label={t.newGroup} maxLength={100} required
            error={form.formState.errors.name?.message} {...form.register("name")} />
          <button type="submit" className="br-button secondary" disabled={create.isPending}>{t.createGroup}</button>
        </form>
      </div>
      {rows.isPending && <p role="status">{messages.loading}</p>}
      {list && list.length === 0 && <p className="pm-empty-text">{t.empty}</p>}
      {list && list.length > 0 && (
        <Table caption={t.title} testId="watch-list">
          <thead><tr><th scope="col">{messages.staff.number}</th><th scope="col">{messages.staff.type}</th>
            <th scope="col">{messages.staff.summary}</th><th scope="col">{t.group}</th>
            <th scope="col">{t.note}</th><th scope="col">{t.since}</th></tr></thead>
          <tbody>{list.map((w) => (
            <tr key={w.process.id}>
              <td><Link to={`/processos/${w.process.id}`}>{w.process.number}</Link></td>
              <td>{w.process.process_type}</td><td>{w.process.summary}</td>
              <td>{w.group?.name ?? t.noGroup}</td><td>{w.note}</td>
              <td>{formatDate(w.created_at)}</td>
            </tr>
          ))}</tbody>
        </Table>
      )}
      {confirmDelete && (
        <ConfirmDialog title={t.deleteGroup} danger busy={remove.isPending}
          question={messages.watchList.confirmDelete(groups.data?.find((g) => g.id === group)?.name ?? "")}
          confirm={t.deleteGroup} onConfirm={() => remove.mutate(group)} onClose={() => setConfirmDelete(false)} />
      )}
    </section>
  );
}
