// Peticionar: the city's petition types, the form (documents, the simple signature) and,
// once committed, the recibo.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { ApiError } from "../api";
import { Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { Upload } from "../components/Upload";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen, type PetitionType } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";
import { afterFiling, SignatureStep, signatureRequirement } from "./Signing";

const p = t.petition;

function plainText(html: string): string {
  return new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
}

export function PetitionTypes() {
  const q = useQuery({ queryKey: ["citizen", "petition-types"], queryFn: citizen.petitionTypes });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  return (
    <section>
      <h2>{p.typesTitle}</h2>
      <p>{p.typesIntro}</p>
      <p><Link to="/cidadao/intercorrente">{t.intercurrent.byNumber}</Link></p>
      {!q.data.length && <Message kind="info">{p.none}</Message>}
      <ul data-testid="petition-types" style={{ listStyle: "none", padding: 0 }}>
        {q.data.map((pt) => (
          <li key={pt.id} className="br-card" style={{ padding: "1rem", marginBottom: "0.75rem" }}>
            <h3 style={{ marginTop: 0 }}>
              <Link to={`/cidadao/peticionar/${pt.id}`}>{p.choose(pt.process_type.name)}</Link>
            </h3>
            <p>{p.receivingUnit(`${pt.unit.acronym} — ${pt.unit.name}`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PetitionFormRoute() {
  const { typeId = "" } = useParams();
  const q = useQuery({ queryKey: ["citizen", "petition-types"], queryFn: citizen.petitionTypes });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  const pt = q.data.find((x) => x.id === typeId);
  if (!pt) return <Message kind="danger">{p.none}</Message>;
  return <PetitionForm pt={pt} />;
}

interface Errors { summary?: string; sign?: string; files: Record<string, string>; bases: Record<string, string> }

function PetitionForm({ pt }: { pt: PetitionType }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  // One key per filled-in form: a retry (double click, network) never makes two processes.
  const [key] = useState(() => crypto.randomUUID());
  const [summary, setSummary] = useState("");
  const [files, setFiles] = useState<Record<string, File | null>>({});
  const [levels, setLevels] = useState<Record<string, string>>({});
  const [bases, setBases] = useState<Record<string, string>>({});
  const me = useQuery({ queryKey: ["citizen", "me"], queryFn: citizen.me, staleTime: 60_000 });
  const options = useQuery({ queryKey: ["citizen", "filing-options"], queryFn: citizen.filingOptions, staleTime: 300_000 });
  const levelOf = (row: PetitionType["documents"][number]) =>
    row.access_level ?? (pt.access_rule === "fixed" ? pt.fixed_access_level : levels[row.document_type.id] ?? "public");
  const requirement = signatureRequirement({
    restricted: pt.documents.some((row) => files[row.document_type.id] && levelOf(row) === "restricted"),
    requiresAdvanced: pt.requires_advanced,
    simpleAllowed: me.data?.simple_signature_allowed ?? true,
  });
  const [staged, setStaged] = useState<Record<string, { file: File; id: string; level: string }>>({});
  const [progress, setProgress] = useState<Record<string, number | undefined>>({});
  const [sign, setSign] = useState(false);
  // "Em nome de": myself, or a company I represent (responsável legal / especial).
  const companies = useQuery({ queryKey: ["citizen", "companies"], queryFn: citizen.companies, staleTime: 60_000 });
  const [onBehalf, setOnBehalf] = useState("");
  const [errors, setErrors] = useState<Errors>({ files: {}, bases: {} });
  const accept = useMemo(() => Object.values(pt.formats).join(","), [pt]);
  const formatList = Object.values(pt.formats).map((e) => e.replace(".", "").toUpperCase()).join(", ");

  const submit = useMutation({
    mutationFn: async () => {
      const docs = [];
      for (const row of pt.documents) {
        const typeId = row.document_type.id;
        const file = files[typeId];
        if (!file) continue;
        const level = levelOf(row);
        let upload = staged[typeId];
        if (!upload || upload.file !== file || upload.level !== level) {
          const answer = await citizen.stage(pt.id, file, level,
            (v) => setProgress((prev) => ({ ...prev, [typeId]: v })));
          upload = { file, id: answer.id, level };
          setStaged((prev) => ({ ...prev, [typeId]: upload }));
        }
        const chooses = !row.access_level && pt.access_rule === "citizen";
        docs.push({
          upload: upload.id, document_type: typeId, access_level: level,
          ...(level === "restricted" && chooses && bases[typeId] ? { legal_basis: bases[typeId] } : {}),
        });
      }
      const company = companies.data?.represented.find((c) => c.cnpj === onBehalf);
      return citizen.file({
        idempotency_key: key, petition_type: pt.id, summary: summary.trim(), documents: docs, sign,
        ...(company ? { on_behalf_of: company.cnpj, on_behalf_name: company.name } : {}),
      });
    },
    onSuccess: (answer) => {
      client.invalidateQueries({ queryKey: ["citizen"] });
      afterFiling(answer, navigate);  // the recibo, or gov.br for the advanced signature
    },
    onSettled: () => setProgress({}),
  });

  const validate = (): boolean => {
    const next: Errors = { files: {}, bases: {} };
    if (!summary.trim() || summary.trim().length > 100) next.summary = p.errors.summary;
    for (const row of pt.documents) {
      if (row.required && !files[row.document_type.id]) next.files[row.document_type.id] = p.errors.file(row.document_type.name);
      const chooses = !row.access_level && pt.access_rule === "citizen";
      if (chooses && files[row.document_type.id] && levelOf(row) === "restricted" && !bases[row.document_type.id]
        && (me.data?.trust_level ?? "") !== "bronze") {
        next.bases[row.document_type.id] = t.intercurrent.errors.basis;
      }
    }
    if (!sign) next.sign = p.errors.sign;
    setErrors(next);
    return !next.summary && !next.sign && !Object.values(next.files).some(Boolean)
      && !Object.values(next.bases).some(Boolean);
  };

  return (
    <section data-testid="petition-form">
      <p><Link to="/cidadao/peticionar">{p.back}</Link></p>
      <h2>{p.formTitle(pt.process_type.name)}</h2>
      <p>{p.receivingUnit(`${pt.unit.acronym} — ${pt.unit.name}`)}</p>
      {pt.guidance && (
        <div className="br-card" style={{ padding: "1rem" }}>
          <h3 style={{ marginTop: 0 }}>{p.guidance}</h3>
          <p style={{ whiteSpace: "pre-wrap" }}>{plainText(pt.guidance)}</p>
        </div>
      )}
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (validate()) submit.mutate(); }}>
        {!!companies.data?.represented.length && (
          <Select id="petition-on-behalf" label={t.acting.onBehalf} value={onBehalf}
            onChange={(e) => setOnBehalf(e.target.value)}
            options={[{ value: "", label: t.acting.myself },
              ...companies.data.represented.map((c) => ({ value: c.cnpj, label: `${c.name} — CNPJ ${c.cnpj_formatted}` }))]} />
        )}
        <Input id="petition-summary" label={p.summary} hint={p.summaryHint} required maxLength={100}
          value={summary} error={errors.summary} onChange={(e) => { setSummary(e.target.value); setErrors((x) => ({ ...x, summary: undefined })); }} />
        {pt.documents.map((row) => {
          const typeId = row.document_type.id;
          const chooses = !row.access_level && pt.access_rule === "citizen";
          return (
            <fieldset key={typeId} className="pm-fieldset" style={{ marginTop: "1rem" }}>
              <legend>{row.document_type.name} — {row.required ? p.required : p.optional}</legend>
              <Upload id={`file-${typeId}`} label={row.document_type.name} required={row.required}
                file={files[typeId] ?? null} accept={accept} maxBytes={pt.max_file_mb * 1024 * 1024}
                hint={p.formats(formatList, pt.max_file_mb)} error={errors.files[typeId]}
                progress={progress[typeId]}
                onChange={(f) => {
                  setFiles((prev) => ({ ...prev, [typeId]: f }));
                  setErrors((x) => ({ ...x, files: { ...x.files, [typeId]: "" } }));
                }} />
              {chooses && (
                <Select id={`level-${typeId}`} label={p.accessLevel} value={levels[typeId] ?? "public"}
                  onChange={(e) => setLevels((prev) => ({ ...prev, [typeId]: e.target.value }))}
                  options={[{ value: "public", label: t.access.public }, { value: "restricted", label: t.access.restricted }]} />
              )}
              {chooses && levelOf(row) === "restricted" && (
                <Select id={`basis-${typeId}`} label={t.intercurrent.legalBasis} value={bases[typeId] ?? ""}
                  placeholder="—" error={errors.bases[typeId]}
                  onChange={(e) => {
                    setBases((prev) => ({ ...prev, [typeId]: e.target.value }));
                    setErrors((x) => ({ ...x, bases: { ...x.bases, [typeId]: "" } }));
                  }}
                  options={(options.data?.legal_bases ?? []).map((b) => ({ value: b.id, label: b.name }))} />
              )}
            </fieldset>
          );
        })}
        <SignatureStep id="petition-sign" requirement={requirement} trustLevel={me.data?.trust_level}
          checked={sign} error={errors.sign}
          onChange={(v) => { setSign(v); setErrors((x) => ({ ...x, sign: undefined })); }} />
        {submit.isError && <ErrorMessage error={submit.error as ApiError} />}
        <div className="pm-actions" style={{ marginTop: "1rem" }}>
          <button type="submit" className="br-button primary" disabled={submit.isPending}>
            {submit.isPending ? p.submitting : p.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
