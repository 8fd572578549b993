// Representações (/cidadao/representacoes): the companies I represent and those gov.br
// says I may link myself to as responsável legal; procurações I granted and received,
// each with kind, powers, validity (vencida derived by the server), abrangência, the
// processes it reaches and its acts (document + recibo); revogar / renunciar behind a
// confirmation; "Outorgar procuração" (/cidadao/representacoes/outorgar).
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link, useLocation, useNavigate } from "react-router";
import { z } from "zod";

import type { ApiError } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Checkbox, DateInput, Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { Tag } from "../components/Tag";
import { formatDate } from "../dates";
import { cpf, maskCpf, requiredText, toIsoDate, dateText } from "../forms";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen, type Representation } from "./api";
import { ErrorMessage, Loading } from "./CitizenApp";
import { LinkRequestSection } from "./LinkRequest";

const m = t.representations;
// Links inside running text are underlined (not told apart by colour alone).
const UNDERLINE = { textDecoration: "underline" } as const;

/** The up-front notice for a level below prata: what it blocks and how to raise it. */
function LevelNotice() {
  const me = useQuery({ queryKey: ["citizen", "me"], queryFn: citizen.me, staleTime: 60_000 });
  if (!me.data || me.data.allowed.representation) return null;
  return (
    <Message kind="warning">
      <span data-testid="representation-level">{m.needLevel}</span>{" "}
      <a href="https://confiabilidades.acesso.gov.br/">{t.raiseLevel}</a>
    </Message>
  );
}

function stateTone(rep: Representation): "success" | "warning" | "danger" | "info" {
  if (rep.active) return "success";
  if (rep.expired) return "warning";
  return rep.state_code === "R" || rep.state_code === "C" ? "danger" : "info";
}

function Validity({ rep }: { rep: Representation }) {
  return <>{rep.valid_until ? m.until(formatDate(rep.valid_until)) : m.indefinite}</>;
}

function Powers({ rep }: { rep: Representation }) {
  if (rep.kind !== "S") return <>{m.allPowers}</>;
  return <>{rep.powers.map((p) => m.power[p] ?? p).join("; ")}</>;
}

function Scope({ rep }: { rep: Representation }) {
  if (rep.scope === "all") return <>{m.anyProcess}</>;
  return (
    <>
      {m.specific(rep.scope_processes.length)}:{" "}
      {rep.scope_processes.map((p) => p.number).join(", ")}
    </>
  );
}

function Acts({ rep }: { rep: Representation }) {
  if (!rep.acts.length) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: "1rem" }}>
      {rep.acts.map((a) => (
        <li key={a.kind}>
          <a href={citizen.actUrl(a.document)} target="_blank" rel="noreferrer" style={UNDERLINE}>{a.label}</a>{" "}
          ({formatDate(a.at)}) —{" "}
          <a href={citizen.actUrl(a.receipt_document)} target="_blank" rel="noreferrer" style={UNDERLINE}>{m.receiptOf(a.label)}</a>
        </li>
      ))}
    </ul>
  );
}

function Companies() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "companies"], queryFn: citizen.companies });
  const [asking, setAsking] = useState<{ cnpj: string; name: string; formatted: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const link = useMutation({
    mutationFn: (cnpj: string) => citizen.link(cnpj),
    onSuccess: (rep) => {
      setAsking(null);
      setDone(rep.grantor_name);
      client.invalidateQueries({ queryKey: ["citizen"] });
    },
  });
  if (q.isError) return <ErrorMessage error={q.error} />;
  if (!q.data) return <Loading />;
  const { represented, from_govbr: govbr } = q.data;
  return (
    <section aria-labelledby="companies-title" data-testid="companies">
      <h3 id="companies-title">{m.companiesTitle}</h3>
      {done && <Message kind="success">{m.linked(done)}</Message>}
      {!represented.length ? <p>{m.noCompanies}</p> : (
        <ul data-testid="represented-companies">
          {represented.map((c) => (
            <li key={c.cnpj}>
              <strong>{c.name}</strong> — CNPJ {c.cnpj_formatted} — {c.kind_label}{" "}
              <Link to={`/cidadao?em-nome-de=${c.cnpj}`} style={UNDERLINE}>{t.acting.onBehalf}: {c.name}</Link>
            </li>
          ))}
        </ul>
      )}
      {govbr.length > 0 && (
        <>
          <h4>{m.govbrTitle}</h4>
          <p>{m.govbrIntro}</p>
          <ul data-testid="govbr-companies">
            {govbr.map((c) => (
              <li key={c.cnpj} style={{ marginBottom: "0.5rem" }}>
                <strong>{c.name}</strong> — CNPJ {c.cnpj_formatted}{" "}
                {c.linked ? <Tag tone="success">{m.alreadyLinked}</Tag>
                  : c.legal ? (
                    <button type="button" className="br-button secondary small"
                      style={{ height: "auto", minHeight: "32px", whiteSpace: "normal", textAlign: "left" }}
                      onClick={() => { link.reset(); setAsking({ cnpj: c.cnpj, name: c.name, formatted: c.cnpj_formatted }); }}>
                      {m.linkButton(c.name)}
                    </button>
                  ) : <span>{m.notLegal(m.role[c.role] ?? c.role)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <LinkRequestSection />
      {asking && (
        <ConfirmDialog title={m.linkTitle} question={m.linkQuestion(asking.name, asking.formatted)}
          confirm={m.linkConfirm} busy={link.isPending}
          onConfirm={() => link.mutate(asking.cnpj)} onClose={() => setAsking(null)}>
          {link.isError && <ErrorMessage error={link.error as ApiError} />}
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Procurações as cards (a table of ten columns does not fit a phone): who, kind and
 * state on top, then powers, validity, abrangência, processes reached and the acts. */
function RepTable({ rows, mode, onEnd }: {
  rows: Representation[];
  mode: "granted" | "received";
  onEnd: (rep: Representation) => void;
}) {
  return (
    <ul data-testid={`representations-${mode}`} style={{ listStyle: "none", padding: 0 }}>
      {rows.map((r) => {
        const who = mode === "granted" ? `${r.grantee_name} (${r.grantee})` : `${r.grantor_name} (${r.grantor})`;
        return (
          <li key={r.id} className="br-card" style={{ padding: "1rem", marginBottom: "0.75rem" }}>
            <h4 style={{ marginTop: 0, overflowWrap: "anywhere" }}>
              {who} — {r.kind_label} <Tag tone={stateTone(r)}>{r.state}</Tag>
            </h4>
            <dl className="pm-dl">
              {mode === "granted" && (<><dt>{m.grantor}</dt><dd>{r.grantor_name}</dd></>)}
              <dt>{m.powers}</dt><dd><Powers rep={r} /></dd>
              <dt>{m.validity}</dt><dd><Validity rep={r} /></dd>
              <dt>{m.scope}</dt><dd style={{ overflowWrap: "anywhere" }}><Scope rep={r} /></dd>
              <dt>{m.reached}</dt>
              <dd>
                {r.reached_processes?.length ? (
                  <ul style={{ margin: 0, paddingLeft: "1rem" }}>
                    {r.reached_processes.map((p) => (
                      <li key={p.id}><Link to={`/cidadao/processos/${p.id}`} style={UNDERLINE}>{p.number}</Link></li>
                    ))}
                  </ul>
                ) : m.noneReached}
              </dd>
              <dt>{m.documents}</dt><dd><Acts rep={r} /></dd>
            </dl>
            {r.active && (
              <button type="button" className="br-button secondary small" onClick={() => onEnd(r)}
                aria-label={`${mode === "granted" ? m.revoke : m.renounce}: ${mode === "granted" ? r.grantee_name : r.grantor_name}`}>
                {mode === "granted" ? m.revoke : m.renounce}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function Representations() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["citizen", "representations"], queryFn: citizen.representations });
  const [ending, setEnding] = useState<{ rep: Representation; mode: "granted" | "received" } | null>(null);
  const location = useLocation();
  const [done, setDone] = useState<string | null>(
    (location.state as { granted?: boolean } | null)?.granted ? m.granted : null);
  const end = useMutation({
    mutationFn: ({ rep, mode }: { rep: Representation; mode: "granted" | "received" }) =>
      mode === "granted" ? citizen.revoke(rep.id) : citizen.renounce(rep.id),
    onSuccess: (_rep, { mode }) => {
      setEnding(null);
      setDone(mode === "granted" ? m.revoked : m.renounced);
      client.invalidateQueries({ queryKey: ["citizen"] });
    },
  });
  return (
    <section data-testid="representations">
      <h2>{m.title}</h2>
      <p>{m.intro}</p>
      <LevelNotice />
      <p><Link className="br-button primary" to="/cidadao/representacoes/outorgar">{m.grantButton}</Link></p>
      {done && <Message kind="success">{done}</Message>}
      <Companies />
      {q.isError ? <ErrorMessage error={q.error} /> : !q.data ? <Loading /> : (
        <>
          <h3>{m.grantedTitle}</h3>
          {q.data.granted.length ? (
            <RepTable rows={q.data.granted} mode="granted" onEnd={(rep) => { end.reset(); setEnding({ rep, mode: "granted" }); }} />
          ) : <p>{m.noneGranted}</p>}
          <h3>{m.receivedTitle}</h3>
          {q.data.received.length ? (
            <RepTable rows={q.data.received} mode="received" onEnd={(rep) => { end.reset(); setEnding({ rep, mode: "received" }); }} />
          ) : <p>{m.noneReceived}</p>}
        </>
      )}
      {ending && (
        <ConfirmDialog danger
          title={ending.mode === "granted" ? m.revokeTitle : m.renounceTitle}
          question={ending.mode === "granted" ? m.revokeQuestion(ending.rep.grantee_name) : m.renounceQuestion(ending.rep.grantor_name)}
          confirm={ending.mode === "granted" ? m.revoke : m.renounce}
          busy={end.isPending}
          onConfirm={() => end.mutate(ending)} onClose={() => setEnding(null)}>
          {end.isError && <ErrorMessage error={end.error as ApiError} />}
        </ConfirmDialog>
      )}
    </section>
  );
}

const f = m.form;

const schema = z.object({
  grantor: z.string(),
  kind: z.enum(["S", "E"]),
  cpf: cpf(),
  name: requiredText(),
  powers: z.array(z.string()),
  validity: z.enum(["indefinite", "determined"]),
  until: z.string(),
  scope: z.enum(["all", "specific"]),
  processes: z.array(z.string()),
}).superRefine((v, ctx) => {
  if (v.kind === "S" && !v.powers.length) ctx.addIssue({ code: "custom", path: ["powers"], message: f.errors.powers });
  if (v.validity === "determined") {
    const check = dateText(true).safeParse(v.until);
    if (!check.success) ctx.addIssue({ code: "custom", path: ["until"], message: check.error.issues[0]?.message ?? f.errors.until });
  }
  if (v.kind === "S" && v.scope === "specific" && !v.processes.length) {
    ctx.addIssue({ code: "custom", path: ["processes"], message: f.errors.processes });
  }
});

type GrantValues = z.infer<typeof schema>;

export function GrantForm() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useQuery({ queryKey: ["citizen", "me"], queryFn: citizen.me, staleTime: 60_000 });
  const companies = useQuery({ queryKey: ["citizen", "companies"], queryFn: citizen.companies });
  const form = useForm<GrantValues>({
    resolver: zodResolver(schema),
    defaultValues: { grantor: "", kind: "S", cpf: "", name: "", powers: [], validity: "indefinite", until: "", scope: "all", processes: [] },
  });
  const [grantor, kind, validity, scope] = useWatch({ control: form.control, name: ["grantor", "kind", "validity", "scope"] });
  const processes = useQuery({
    queryKey: ["citizen", "processes", grantor || "me"],
    queryFn: () => citizen.processes(grantor || "me"),
    enabled: kind === "S" && scope === "specific",
  });
  const submit = useMutation({
    mutationFn: (v: GrantValues) => citizen.grant({
      grantor: v.grantor || undefined,
      grantee_cpf: v.cpf.replace(/\D/g, ""),
      grantee_name: v.name.trim(),
      kind: v.kind,
      powers: v.kind === "S" ? v.powers : [],
      valid_until: v.validity === "determined" ? toIsoDate(v.until) : null,
      process_ids: v.kind === "S" && v.scope === "specific" ? v.processes : [],
    }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["citizen"] });
      navigate("/cidadao/representacoes", { state: { granted: true } });
    },
  });
  if (!me.data || !companies.data) return <Loading />;
  const legalOf = companies.data.represented.filter((c) => c.kind === "L");
  const errors = form.formState.errors;
  const cpfField = form.register("cpf");
  return (
    <section data-testid="grant-form">
      <p><Link to="/cidadao/representacoes">{f.back}</Link></p>
      <h2>{f.title}</h2>
      <LevelNotice />
      <form noValidate onSubmit={form.handleSubmit((v) => submit.mutate(v))}>
        <Select id="grant-grantor" label={f.grantor} {...form.register("grantor", {
          onChange: (e) => { if (!e.target.value) form.setValue("kind", "S"); form.setValue("processes", []); },
        })}
          options={[{ value: "", label: f.myself(me.data.name) },
            ...companies.data.represented.map((c) => ({ value: c.cnpj, label: `${c.name} — CNPJ ${c.cnpj_formatted}` }))]} />
        <fieldset className="pm-fieldset" style={{ marginTop: "1rem" }}>
          <legend>{f.kind}</legend>
          <div className="br-radio">
            <input id="grant-kind-s" type="radio" value="S" {...form.register("kind")} />
            <label htmlFor="grant-kind-s">{f.simple}</label>
          </div>
          {legalOf.some((c) => c.cnpj === grantor) && (
            <div className="br-radio">
              <input id="grant-kind-e" type="radio" value="E" {...form.register("kind")} />
              <label htmlFor="grant-kind-e">{f.special}</label>
            </div>
          )}
        </fieldset>
        <Input id="grant-cpf" label={f.cpf} required inputMode="numeric" maxLength={14} autoComplete="off"
          error={errors.cpf?.message} {...cpfField}
          onChange={(e) => { e.target.value = maskCpf(e.target.value); cpfField.onChange(e); }} />
        <Input id="grant-name" label={f.name} hint={f.nameHint} required maxLength={200}
          error={errors.name?.message} {...form.register("name")} />
        {kind === "S" && (
          <>
            <fieldset className="pm-fieldset" style={{ marginTop: "1rem" }} aria-describedby={errors.powers ? "grant-powers-error" : undefined}>
              <legend>{f.powers}</legend>
              {Object.entries(m.power).map(([value, label]) => (
                <Checkbox key={value} id={`grant-power-${value}`} label={label} value={value} {...form.register("powers")} />
              ))}
              {errors.powers && <span id="grant-powers-error" className="feedback danger" role="alert">{errors.powers.message}</span>}
            </fieldset>
            <fieldset className="pm-fieldset" style={{ marginTop: "1rem" }}>
              <legend>{f.validity}</legend>
              <div className="br-radio">
                <input id="grant-validity-i" type="radio" value="indefinite" {...form.register("validity")} />
                <label htmlFor="grant-validity-i">{f.indefinite}</label>
              </div>
              <div className="br-radio">
                <input id="grant-validity-d" type="radio" value="determined" {...form.register("validity")} />
                <label htmlFor="grant-validity-d">{f.determined}</label>
              </div>
              {validity === "determined" && (
                <DateInput id="grant-until" label={f.until} required error={errors.until?.message} {...form.register("until")} />
              )}
            </fieldset>
            <fieldset className="pm-fieldset" style={{ marginTop: "1rem" }}>
              <legend>{f.scope}</legend>
              <div className="br-radio">
                <input id="grant-scope-all" type="radio" value="all" {...form.register("scope")} />
                <label htmlFor="grant-scope-all">{f.any}</label>
              </div>
              <div className="br-radio">
                <input id="grant-scope-specific" type="radio" value="specific" {...form.register("scope")} />
                <label htmlFor="grant-scope-specific">{f.specific}</label>
              </div>
              {scope === "specific" && (
                processes.isError ? <ErrorMessage error={processes.error} /> : !processes.data ? <Loading /> :
                !processes.data.results.length ? <p>{f.noProcesses}</p> : (
                  <fieldset className="pm-fieldset" aria-describedby={errors.processes ? "grant-processes-error" : undefined}>
                    <legend>{f.processes}</legend>
                    {processes.data.results.map((p) => (
                      <Checkbox key={p.id} id={`grant-process-${p.id}`} value={p.id}
                        label={`${p.number} — ${p.process_type}`} {...form.register("processes")} />
                    ))}
                    {errors.processes && <span id="grant-processes-error" className="feedback danger" role="alert">{errors.processes.message}</span>}
                  </fieldset>
                )
              )}
            </fieldset>
          </>
        )}
        {submit.isError && <ErrorMessage error={submit.error as ApiError} />}
        <div className="pm-actions" style={{ marginTop: "1rem" }}>
          <button type="submit" className="br-button primary" disabled={submit.isPending}>
            {submit.isPending ? f.sending : f.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
