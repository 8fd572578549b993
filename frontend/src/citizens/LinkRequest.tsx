// "Sua empresa não aparece?": the fallback when gov.br does not vouch for the person — a
// request to be linked as responsável legal with the atos constitutivos, which the
// city's staff review (LinkReviews in staff/). The citizen's requests with their state
// and, when refused, the reason.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { z } from "zod";

import type { ApiError } from "../api";
import { Input } from "../components/Field";
import { Message } from "../components/Message";
import { Tag } from "../components/Tag";
import { Upload } from "../components/Upload";
import { formatDate } from "../dates";
import { requiredText } from "../forms";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen } from "./api";
import { ErrorMessage } from "./CitizenApp";

const m = t.linkRequest;

/** CNPJ check digits (14 digits, any punctuation). */
export function isValidCnpj(value: string): boolean {
  const d = value.replace(/\D/g, "");
  if (d.length !== 14 || /^(\d)\1{13}$/.test(d)) return false;
  const check = (n: number) => {
    const weights = n === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const rest = weights.reduce((sum, w, i) => sum + w * Number(d[i]), 0) % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return check(12) === Number(d[12]) && check(13) === Number(d[13]);
}

function maskCnpj(value: string): string {
  const d = value.replace(/\D/g, "").slice(0, 14);
  return d
    .replace(/^(\d{2})(\d)/, "$1.$2")
    .replace(/^(\d{2})\.(\d{3})(\d)/, "$1.$2.$3")
    .replace(/\.(\d{3})(\d)/, ".$1/$2")
    .replace(/(\d{4})(\d)/, "$1-$2");
}

const schema = z.object({
  cnpj: z.string().trim().refine(isValidCnpj, m.errors.cnpj),
  name: requiredText().max(200),
});

export function LinkRequestSection() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "link-requests"], queryFn: citizen.linkRequests });
  const [open, setOpen] = useState(false);
  const [main, setMain] = useState<File | null>(null);
  const [extra, setExtra] = useState<File | null>(null);
  const [fileError, setFileError] = useState("");
  const [progress, setProgress] = useState<number | undefined>();
  const [sent, setSent] = useState(false);
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { cnpj: "", name: "" } });
  const submit = useMutation({
    mutationFn: async (v: z.infer<typeof schema>) => {
      const uploads = [];
      for (const file of [main, extra]) {
        if (file) uploads.push((await citizen.stageOpen(file, "public", setProgress)).id);
      }
      return citizen.requestLink({ cnpj: v.cnpj.replace(/\D/g, ""), company_name: v.name.trim(), uploads });
    },
    onSuccess: () => {
      setSent(true);
      setOpen(false);
      form.reset();
      setMain(null);
      setExtra(null);
      client.invalidateQueries({ queryKey: ["citizen"] });
    },
    onSettled: () => setProgress(undefined),
  });
  const cnpjField = form.register("cnpj");
  const rows = q.data?.results ?? [];
  return (
    <section aria-labelledby="link-request-title" data-testid="link-request">
      <h4 id="link-request-title">{m.title}</h4>
      <p>{m.intro}</p>
      {sent && <Message kind="success">{m.sent}</Message>}
      {!open ? (
        <button type="button" className="br-button secondary" onClick={() => { setOpen(true); setSent(false); }}>{m.open}</button>
      ) : (
        <form noValidate onSubmit={form.handleSubmit((v) => {
          if (!main) { setFileError(m.errors.file); return; }
          submit.mutate(v);
        }, () => { if (!main) setFileError(m.errors.file); })}>
          <Input id="link-cnpj" label={m.cnpj} required inputMode="numeric" maxLength={18} autoComplete="off"
            error={form.formState.errors.cnpj?.message} {...cnpjField}
            onChange={(e) => { e.target.value = maskCnpj(e.target.value); cnpjField.onChange(e); }} />
          <Input id="link-name" label={m.name} required maxLength={200}
            error={form.formState.errors.name?.message} {...form.register("name")} />
          <Upload id="link-file-main" label={m.main} required file={main} accept="application/pdf,.pdf"
            maxBytes={10 * 1024 * 1024} hint={m.hint} error={fileError} progress={progress}
            onChange={(f) => { setMain(f); setFileError(""); }} />
          <Upload id="link-file-extra" label={m.extra} file={extra} accept="application/pdf,.pdf"
            maxBytes={10 * 1024 * 1024} hint={m.hint} onChange={setExtra} />
          {submit.isError && <ErrorMessage error={submit.error as ApiError} />}
          <div className="pm-actions" style={{ marginTop: "1rem" }}>
            <button type="submit" className="br-button primary" disabled={submit.isPending}>
              {submit.isPending ? m.sending : m.submit}
            </button>
          </div>
        </form>
      )}
      {rows.length > 0 && (
        <>
          <h4>{m.listTitle}</h4>
          <ul data-testid="link-requests" style={{ listStyle: "none", padding: 0 }}>
            {rows.map((r) => (
              <li key={r.id} className="br-card" style={{ padding: "1rem", marginBottom: "0.5rem" }}>
                <strong>{r.company_name}</strong> — CNPJ {r.cnpj} ({formatDate(r.created_at)}){" "}
                <Tag tone={r.state === "approved" ? "success" : r.state === "refused" ? "danger" : "info"}>{r.state_label}</Tag>
                <br />
                {m.process}: <Link to={`/cidadao/processos/${r.process.id}`} style={{ textDecoration: "underline" }}>{r.process.number}</Link>
                {r.reason && <><br />{m.reason}: {r.reason}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
