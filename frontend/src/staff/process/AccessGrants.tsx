// "Acesso externo" on the process screen (offered when `allowed_actions` has
// "grant_access"): grant a citizen, by CPF, access to the whole process (restrito
// documents included, never sigiloso), list the grants and revoke one after confirming.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { api } from "../../api";
import { ConfirmDialog, Dialog } from "../../components/Dialog";
import { Input, Select } from "../../components/Field";
import { Message } from "../../components/Message";
import { Table } from "../../components/Table";
import { formatDateTime } from "../../dates";
import { cpf } from "../../forms";
import { citizenAdminMessages } from "../../i18n/citizenAdmin";
import { messages } from "../../i18n/pt-BR";
import type { ProcessScreen } from "./types";

const t = citizenAdminMessages.grants;

export interface AccessGrant { id: string; person: string; name: string | null; document: string | null; created_at: string }

const schema = z.object({ person: cpf(messages.adminPage.cpfRequired), document: z.string() });

export function AccessGrantsDialog({ process, onDone, onClose }: {
  process: ProcessScreen;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const key = ["process", process.id, "access-grants"];
  const url = `/api/v1/processes/${process.id}/access-grants/`;
  // Read afresh each time the dialog opens (a grantee may have signed in since).
  const grants = useQuery({ queryKey: key, queryFn: () => api<AccessGrant[]>("GET", url), refetchOnMount: "always" });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { person: "", document: "" } });
  const [error, setError] = useState("");
  const [revoking, setRevoking] = useState<AccessGrant | null>(null);
  const grant = useMutation({
    onMutate: () => setError(""),
    mutationFn: (v: z.infer<typeof schema>) => api<AccessGrant>("POST", url, { person: v.person.replace(/\D/g, ""), document: v.document || null }),
    onSuccess: (g) => {
      client.invalidateQueries({ queryKey: key });
      onDone(t.granted(g.person));
    },
    onError: (e: Error) => setError(e.message),
  });
  const revoke = useMutation({
    mutationFn: (g: AccessGrant) => api("DELETE", `${url}${g.id}/`),
    onSuccess: (_d, g) => {
      setRevoking(null);
      client.invalidateQueries({ queryKey: key });
      onDone(t.revoked(g.person));
    },
  });
  const docLabel = (id: string) => process.documents.find((d) => d.id === id)?.label ?? t.oneDocument;
  if (revoking) {
    return (
      <ConfirmDialog danger title={t.revokeTitle} question={t.revokeQuestion(revoking.person, process.number)}
        confirm={t.revoke} busy={revoke.isPending} error={revoke.error?.message}
        onClose={() => { revoke.reset(); setRevoking(null); }} onConfirm={() => revoke.mutate(revoking)} />
    );
  }
  return (
    <Dialog title={t.title} onClose={onClose} size="large" testId="access-grants-dialog"
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>{t.close}</button>
        <button type="submit" form="grant-form" className="br-button primary" disabled={grant.isPending}>{t.grant}</button>
      </>}>
      <p>{t.help}</p>
      <form id="grant-form" noValidate onSubmit={form.handleSubmit((v) => grant.mutate(v))}>
        <Input id="grant-cpf" label={t.cpf} required inputMode="numeric" placeholder="000.000.000-00" autoComplete="off"
          error={form.formState.errors.person?.message}
          {...form.register("person")} />
        <Select id="grant-scope" label={t.scope} {...form.register("document")}
          options={[{ value: "", label: t.whole },
            ...process.documents.filter((d) => d.state !== "cancelled").map((d) => ({ value: d.id, label: t.onlyDocument(d.label) }))]} />
      </form>
      {error && <Message kind="danger">{error}</Message>}
      <h3>{t.list}</h3>
      {grants.isError && <Message kind="danger">{(grants.error as Error).message}</Message>}
      {!grants.data && !grants.isError && <p role="status">{messages.loading}</p>}
      {grants.data && grants.data.length === 0 && <p className="pm-empty-text">{t.none}</p>}
      {grants.data && grants.data.length > 0 && (
        <Table caption={t.list} testId="access-grants">
          <thead><tr><th scope="col">{t.name}</th><th scope="col">{t.person}</th><th scope="col">{t.scope}</th><th scope="col">{t.since}</th>
            <th scope="col"><span className="sr-only">{messages.adminPage.actions}</span></th></tr></thead>
          <tbody>{grants.data.map((g) => (
            <tr key={g.id}>
              <td>{g.name ?? t.unknownName}</td>
              <td>{g.person}</td>
              <td>{g.document ? docLabel(g.document) : t.whole}</td>
              <td>{formatDateTime(g.created_at)}</td>
              <td className="pm-nowrap">
                <button type="button" className="br-button secondary small" aria-label={t.revokeLabel(g.person)}
                  onClick={() => setRevoking(g)}>{t.revoke}</button>
              </td>
            </tr>
          ))}</tbody>
        </Table>
      )}
    </Dialog>
  );
}
