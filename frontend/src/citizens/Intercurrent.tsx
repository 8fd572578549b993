// Peticionamento intercorrente: documents for an existing process, from "Peticionar neste
// processo" on a process of Meus processos, or by typing its number. Uploads, access level
// (+ hipótese legal for restrito), the signing step (simples or avançada via gov.br) and
// the recibo. An unknown number and one the citizen may not reach get the same answer.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router";
import { z } from "zod";

import type { ApiError } from "../api";
import { Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { Upload } from "../components/Upload";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";
import { afterFiling, SignatureStep, signatureRequirement } from "./Signing";

const m = t.intercurrent;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg";

const schema = z.object({
  number: z.string().trim().min(1, m.errors.number),
  documents: z.array(z.object({
    document_type: z.string().min(1, m.errors.type),
    access_level: z.enum(["public", "restricted"]),
    legal_basis: z.string(),
    file: z.custom<File>((v) => v instanceof File, m.errors.file),
  }).superRefine((doc, ctx) => {
    if (doc.access_level === "restricted" && !doc.legal_basis) {
      ctx.addIssue({ code: "custom", path: ["legal_basis"], message: m.errors.basis });
    }
  })).min(1),
  sign: z.boolean().refine((v) => v, m.errors.sign),
});
type Values = z.infer<typeof schema>;

const emptyDocument = { document_type: "", access_level: "public" as const, legal_basis: "", file: undefined as unknown as File };

export function IntercurrentByNumber() {
  return <IntercurrentForm />;
}

export function IntercurrentForProcessRoute() {
  const { id = "" } = useParams();
  const q = useQuery({ queryKey: ["citizen", "process", id], queryFn: () => citizen.process(id), enabled: /^[0-9a-f-]{36}$/.test(id) });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  return <IntercurrentForm process={{ id: q.data.id, number: q.data.number }} />;
}

function IntercurrentForm({ process }: { process?: { id: string; number: string } }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  // One key per filled-in form: a retry never files twice.
  const [key] = useState(() => crypto.randomUUID());
  const staged = useRef(new Map<File, { level: string; id: string }>());
  const [progress, setProgress] = useState<Record<number, number | undefined>>({});
  const me = useQuery({ queryKey: ["citizen", "me"], queryFn: citizen.me, staleTime: 60_000 });
  const options = useQuery({ queryKey: ["citizen", "filing-options"], queryFn: citizen.filingOptions, staleTime: 300_000 });
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { number: process?.number ?? "", documents: [emptyDocument], sign: false },
  });
  const rows = useFieldArray({ control: form.control, name: "documents" });
  const documents = form.watch("documents");
  const requirement = signatureRequirement({
    restricted: documents.some((d) => d.access_level === "restricted"),
    simpleAllowed: me.data?.simple_signature_allowed ?? true,
  });
  const errors = form.formState.errors;

  const submit = useMutation({
    mutationFn: async (values: Values) => {
      const docs = [];
      for (const [index, doc] of values.documents.entries()) {
        let upload = staged.current.get(doc.file);
        if (!upload || upload.level !== doc.access_level) {
          const answer = await citizen.stageOpen(doc.file, doc.access_level,
            (v) => setProgress((prev) => ({ ...prev, [index]: v })));
          upload = { level: doc.access_level, id: answer.id };
          staged.current.set(doc.file, upload);
        }
        docs.push({
          upload: upload.id, document_type: doc.document_type, access_level: doc.access_level,
          ...(doc.access_level === "restricted" ? { legal_basis: doc.legal_basis } : {}),
        });
      }
      return citizen.intercurrent({ idempotency_key: key, number: values.number.trim(), documents: docs, sign: values.sign });
    },
    onSuccess: (answer) => {
      client.invalidateQueries({ queryKey: ["citizen"] });
      afterFiling(answer, navigate);
    },
    onSettled: () => setProgress({}),
  });

  const typeOptions = (options.data?.document_types ?? []).map((d) => ({ value: d.id, label: d.name }));
  const basisOptions = (options.data?.legal_bases ?? []).map((b) => ({ value: b.id, label: b.name }));
  return (
    <section data-testid="intercurrent-form">
      <p>
        {process
          ? <Link to={`/cidadao/processos/${process.id}`}>{t.process.title(process.number)}</Link>
          : <Link to="/cidadao/peticionar">{t.petition.back}</Link>}
      </p>
      <h2>{process ? m.titleFor(process.number) : m.title}</h2>
      <p>{m.intro}</p>
      <form noValidate onSubmit={form.handleSubmit((v) => submit.mutate(v))}>
        {!process && (
          <Input id="intercurrent-number" label={m.number} hint={m.numberHint} required
            error={errors.number?.message} {...form.register("number")} />
        )}
        <h3>{m.documents}</h3>
        {rows.fields.map((field, index) => {
          const doc = documents[index];
          const docErrors = errors.documents?.[index];
          return (
            <fieldset key={field.id} className="pm-fieldset" style={{ marginTop: "1rem" }}>
              <legend>{m.document(index + 1)}</legend>
              <Select id={`doc-type-${index}`} label={m.documentType} required placeholder="—"
                options={typeOptions} error={docErrors?.document_type?.message}
                {...form.register(`documents.${index}.document_type`)} />
              <Controller control={form.control} name={`documents.${index}.file`}
                render={({ field: f }) => (
                  <Upload id={`doc-file-${index}`} label={m.file} required file={f.value ?? null}
                    accept={ACCEPT} maxBytes={MAX_BYTES} hint={m.formats}
                    error={docErrors?.file?.message} progress={progress[index]}
                    onChange={(file) => f.onChange(file ?? undefined)} />
                )} />
              <Select id={`doc-level-${index}`} label={t.petition.accessLevel}
                options={[{ value: "public", label: t.access.public }, { value: "restricted", label: t.access.restricted }]}
                {...form.register(`documents.${index}.access_level`)} />
              {doc?.access_level === "restricted" && (
                <Select id={`doc-basis-${index}`} label={m.legalBasis} required placeholder="—"
                  options={basisOptions} error={docErrors?.legal_basis?.message}
                  {...form.register(`documents.${index}.legal_basis`)} />
              )}
              {rows.fields.length > 1 && (
                <button type="button" className="br-button secondary small" onClick={() => rows.remove(index)}>
                  {m.remove(index + 1)}
                </button>
              )}
            </fieldset>
          );
        })}
        <p style={{ marginTop: "0.75rem" }}>
          <button type="button" className="br-button secondary" onClick={() => rows.append(emptyDocument)}>
            <i className="fas fa-plus" aria-hidden="true" /> {m.add}
          </button>
        </p>
        <Controller control={form.control} name="sign"
          render={({ field: f }) => (
            <SignatureStep id="intercurrent-sign" requirement={requirement} trustLevel={me.data?.trust_level}
              checked={f.value} onChange={f.onChange} error={errors.sign?.message} />
          )} />
        {submit.isError && <ErrorMessage error={submit.error as ApiError} />}
        {options.isError && <Message kind="danger">{(options.error as Error).message}</Message>}
        <div className="pm-actions" style={{ marginTop: "1rem" }}>
          <button type="submit" className="br-button primary" disabled={submit.isPending}>
            {submit.isPending ? m.submitting : m.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
