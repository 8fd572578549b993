// Minhas intimações: the adhesion to intimação eletrônica, the in-app notices, the list
// with the tacit-date countdown, "Consultar" behind the confirmation text (then the
// documents are open in the process) and "Responder" while the response deadline runs.
import "./intimations.css";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";

import type { ApiError } from "../api";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { Checkbox, Select } from "../components/Field";
import { Message } from "../components/Message";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { Upload } from "../components/Upload";
import { formatDate, formatDateTime, todayIso } from "../dates";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen, type IntimationRow } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";
import { afterFiling } from "./Signing";

const m = t.intimations;
const TONES: Record<number, "warning" | "muted" | "success" | "info" | "danger"> = {
  1: "warning", 2: "muted", 3: "success", 4: "info", 5: "danger",
};

/** Whole days from today (São Paulo) to `iso` (aaaa-mm-dd). */
export function daysUntil(iso: string, today: string = todayIso()): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function Intimations() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "intimations"], queryFn: citizen.intimations });
  const [asking, setAsking] = useState<IntimationRow | null>(null);
  const [done, setDone] = useState<IntimationRow | null>(null);
  const [answering, setAnswering] = useState<IntimationRow | null>(null);
  const consult = useMutation({
    mutationFn: (row: IntimationRow) => citizen.consult(row.id),
    onSuccess: (row) => {
      setAsking(null);
      setDone(row);
      client.invalidateQueries({ queryKey: ["citizen"] });
    },
  });
  return (
    <section>
      <AdhesionBox />
      <Notices />
      <h2>{m.caption}</h2>
      {q.isError && <ErrorMessage error={q.error} />}
      {!q.data && !q.isError && <Loading />}
      {done && (
        <div data-testid="consulted">
          <Message kind="success">
            {m.consulted} <Link to={`/cidadao/processos/${done.intimation.process.id}`}>{m.openProcess}</Link>
          </Message>
        </div>
      )}
      {q.data && (!q.data.results.length ? <Message kind="info">{m.none}</Message> : (
        <div className="pm-stack"><Table caption={m.caption} testId="intimations">
          <thead>
            <tr>
              <th scope="col">{m.process}</th><th scope="col">{m.type}</th><th scope="col">{m.state}</th>
              <th scope="col">{m.tacit}</th><th scope="col">{m.deadline}</th>
              <th scope="col">{m.actions}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.results.map((r) => (
              <tr key={r.id}>
                <td data-label={m.process}>{r.intimation.process.number}</td>
                <td data-label={m.type}>{r.intimation.kind}
                  {r.intimation.purpose && <div className="text-down-01">{m.purpose}: {r.intimation.purpose}</div>}
                </td>
                <td data-label={m.state}><Tag tone={TONES[r.state] ?? "info"}>{r.state_label}</Tag></td>
                <td data-label={m.tacit}>
                  {r.tacit_date ? formatDate(r.tacit_date) : ""}
                  {r.state === 1 && r.tacit_date && (
                    <div className="text-down-01" data-testid="countdown">
                      <strong>{m.daysLeft(Math.max(0, daysUntil(r.tacit_date)))}</strong>
                    </div>
                  )}
                </td>
                <td data-label={m.deadline}>{r.response_due ? formatDate(r.response_due) : "—"}</td>
                <td>
                  <span style={{ display: "inline-flex", gap: "0.5rem", flexWrap: "wrap" }}>
                    {r.state === 1 ? (
                      <button type="button" className="br-button primary small" onClick={() => setAsking(r)}>{m.open}</button>
                    ) : (
                      <Link className="br-button secondary small" to={`/cidadao/processos/${r.intimation.process.id}`}
                        aria-label={m.openDocuments(r.intimation.process.number)}>{m.openProcess}</Link>
                    )}
                    {r.can_respond && (
                      <button type="button" className="br-button secondary small" onClick={() => setAnswering(r)}>
                        {m.respond}
                      </button>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </Table></div>
      ))}
      {asking && (
        <ConfirmDialog title={m.confirmTitle} question={asking.confirmation_text} confirm={m.confirm}
          busy={consult.isPending} error={consult.isError ? (consult.error as ApiError).message : undefined}
          onConfirm={() => consult.mutate(asking)} onClose={() => setAsking(null)} />
      )}
      {answering && <RespondDialog row={answering} onClose={() => setAnswering(null)} />}
    </section>
  );
}

function AdhesionBox() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "adhesion"], queryFn: citizen.adhesions });
  const adhere = useMutation({
    mutationFn: citizen.adhere,
    onSuccess: () => client.invalidateQueries({ queryKey: ["citizen", "adhesion"] }),
  });
  const a = m.adhesion;
  const mine = q.data?.[0];
  return (
    <section className="br-card" style={{ padding: "1rem", marginBottom: "1rem" }} data-testid="adhesion"
      aria-labelledby="pm-adhesion-title">
      <h2 id="pm-adhesion-title" style={{ marginTop: 0 }}>{a.title}</h2>
      {q.isError && <ErrorMessage error={q.error} />}
      {mine ? (
        <p><i className="fas fa-check-circle" aria-hidden="true" /> {a.since(formatDate(mine.since))}</p>
      ) : q.data && (
        <>
          <p>{a.text}</p>
          {adhere.isError && <ErrorMessage error={adhere.error as ApiError} />}
          <button type="button" className="br-button primary" disabled={adhere.isPending}
            onClick={() => adhere.mutate()}>{a.button}</button>
        </>
      )}
      {adhere.isSuccess && <Message kind="success">{a.done}</Message>}
    </section>
  );
}

function Notices() {
  const q = useQuery({ queryKey: ["citizen", "notices"], queryFn: citizen.notices });
  const n = m.notices;
  if (!q.data) return null;
  return (
    <section aria-labelledby="pm-notices-title" data-testid="notices" style={{ marginBottom: "1rem" }}>
      <h2 id="pm-notices-title">{n.title}</h2>
      {!q.data.results.length ? <p>{n.none}</p> : (
        <ul>
          {q.data.results.map((x, i) => (
            <li key={`${x.intimation}-${x.kind}-${i}`}>{n.item(x.text, x.process, formatDateTime(x.created_at))}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Row { key: number; file: File | null; type: string }

function RespondDialog({ row, onClose }: { row: IntimationRow; onClose: () => void }) {
  const r = m.response;
  const navigate = useNavigate();
  const client = useQueryClient();
  const options = useQuery({ queryKey: ["citizen", "filing-options"], queryFn: citizen.filingOptions, staleTime: 300_000 });
  const types = { data: options.data?.document_types };
  // One key per filled-in form: a retry never files the answer twice.
  const [key] = useState(() => crypto.randomUUID());
  const [rows, setRows] = useState<Row[]>([{ key: 1, file: null, type: "" }]);
  const [sign, setSign] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<Record<number, number | undefined>>({});
  const defaultType = types.data?.find((x) => x.name === "Anexo")?.id ?? types.data?.[0]?.id ?? "";
  const submit = useMutation({
    mutationFn: async () => {
      const documents = [];
      for (const x of rows) {
        if (!x.file) continue;
        const staged = await citizen.stageOpen(x.file, "public",
          (v) => setProgress((p) => ({ ...p, [x.key]: v })));
        documents.push({ upload: staged.id, document_type: x.type || defaultType, access_level: "public" });
      }
      return citizen.respond(row.id, { idempotency_key: key, documents, sign });
    },
    onSuccess: (answer) => {
      client.invalidateQueries({ queryKey: ["citizen"] });
      afterFiling(answer, navigate);  // the recibo, or gov.br when the advanced is due
    },
    onSettled: () => setProgress({}),
  });
  const validate = () => {
    const next: Record<string, string> = {};
    rows.forEach((x) => { if (!x.file) next[`file-${x.key}`] = r.errors.file; });
    if (!sign) next.sign = r.errors.sign;
    setErrors(next);
    return !Object.keys(next).length;
  };
  const update = (k: number, patch: Partial<Row>) =>
    setRows((all) => all.map((x) => (x.key === k ? { ...x, ...patch } : x)));
  return (
    <Dialog title={r.title(row.intimation.process.number)} onClose={onClose} testId="respond-form" size="large"
      footer={<>
        <button type="button" className="br-button secondary" onClick={onClose}>{r.cancel}</button>
        <button type="submit" form="pm-respond" className="br-button primary" disabled={submit.isPending}>
          {submit.isPending ? r.submitting : r.submit}
        </button>
      </>}>
      <form id="pm-respond" noValidate onSubmit={(e) => { e.preventDefault(); if (validate()) submit.mutate(); }}>
        {row.response_due && <p>{r.intro(formatDate(row.response_due))}</p>}
        {submit.isError && <ErrorMessage error={submit.error as ApiError} />}
        {rows.map((x, i) => (
          <fieldset key={x.key} className="pm-fieldset" style={{ marginBottom: "1rem" }}>
            <legend>{r.document(i + 1)}</legend>
            <Upload id={`respond-file-${x.key}`} label={r.file(i + 1)} required file={x.file}
              accept="application/pdf,image/png,image/jpeg" maxBytes={10 * 1024 * 1024} hint={r.formats}
              error={errors[`file-${x.key}`]} progress={progress[x.key]}
              onChange={(f) => { update(x.key, { file: f }); setErrors((e) => ({ ...e, [`file-${x.key}`]: "" })); }} />
            <Select id={`respond-type-${x.key}`} label={r.type(i + 1)} value={x.type || defaultType}
              onChange={(e) => update(x.key, { type: e.target.value })}
              options={(types.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            {rows.length > 1 && (
              <button type="button" className="br-button secondary small"
                onClick={() => setRows((all) => all.filter((y) => y.key !== x.key))}>{r.remove(i + 1)}</button>
            )}
          </fieldset>
        ))}
        <button type="button" className="br-button secondary small" style={{ marginBottom: "1rem" }}
          onClick={() => setRows((all) => [...all, { key: Math.max(...all.map((y) => y.key)) + 1, file: null, type: "" }])}>
          <i className="fas fa-plus" aria-hidden="true" /> {r.add}
        </button>
        <Checkbox id="respond-sign" label={r.sign} checked={sign}
          onChange={(e) => { setSign(e.target.checked); setErrors((x) => ({ ...x, sign: "" })); }} />
        {errors.sign && <Message kind="danger">{errors.sign}</Message>}
      </form>
    </Dialog>
  );
}
