// One signature block: its documents with each one's signatures, what the person may do
// now (from the server's `allowed_actions`), the documents read through the block, the
// recipient units' notes and the block's history. "Assinar bloco": one gov.br
// authorisation for every document (the ITI sends the browser back here with
// ?assinatura=<count>), or the password where the city allows it.
import "./signatures.css";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useLocation } from "react-router";
import { z } from "zod";

import { ConfirmDialog, Dialog } from "../components/Dialog";
import { Checkbox, Input, Textarea } from "../components/Field";
import { Linkify } from "../components/Linkify";
import { Message, type Notice, NoticeView } from "../components/Message";
import { Table } from "../components/Table";
import { formatDateTime } from "../dates";
import { processMessages } from "../i18n/process";
import { messages } from "../i18n/pt-BR";
import { signatureMessages } from "../i18n/signatures";
import { staff } from "../staff/api";
import { BlockStateTag } from "./BlockStateTag";
import { type Block, type BlockDocument, blocks } from "./blocksApi";

const t = signatureMessages.blocks;
type DialogName = "make_available" | "cancel_availability" | "sign" | "annotate" | "return" | "conclude";

export function BlockDetail({ id }: { id: string }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: ["signature-block", id], queryFn: () => blocks.get(id), staleTime: 0 });
  const arrived = (useLocation().state as { notice?: string } | null)?.notice;
  const [notice, setNotice] = useState<Notice | null>(arrived ? { kind: "success", text: arrived } : null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [reading, setReading] = useState<string | null>(null);

  // Back from the gov.br signature (?assinatura=<count>): say so, once.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const count = params.get("assinatura");
    if (count === null) return;
    window.history.replaceState({}, "", window.location.pathname);
    setNotice({ kind: "success", text: t.signedAdvanced(Number(count) || 0) });
  }, []);

  const block = query.data;
  if (query.isError) return <Message kind="danger">{(query.error as Error).message}</Message>;
  if (!block) return <p role="status">{messages.loading}</p>;

  const done = (updated: Block, text: string) => {
    client.setQueryData(["signature-block", id], updated);
    client.invalidateQueries({ queryKey: ["signature-blocks"] });
    setDialog(null);
    setNotice({ kind: "success", text });
  };
  const allowed = new Set(block.allowed_actions);
  const buttons = (["sign", "make_available", "cancel_availability", "annotate", "return", "conclude"] as const)
    .filter((a) => allowed.has(a));
  const current = block.documents.find((d) => d.id === reading) ?? null;
  return (
    <section className="pm-block" aria-labelledby="pm-block-title" data-testid="block-detail">
      <p className="pm-pv-back"><Link to={`/blocos-de-assinatura${block.received ? "?lista=recebidos" : ""}`}>
        <i className="fas fa-arrow-left" aria-hidden="true" /> {t.back}</Link></p>
      <h1 id="pm-block-title">{t.blockTitle(block.number, block.description)}</h1>
      <dl className="pm-block-facts">
        <div><dt>{t.state}</dt><dd><BlockStateTag state={block.state} label={block.state_label} /></dd></div>
        <div><dt>{t.unit}</dt><dd>{block.unit.acronym} — {block.unit.name}</dd></div>
        <div><dt>{t.recipients}</dt>
          <dd data-testid="block-recipients">{block.recipients.map((u) => u.acronym).join(", ") || "—"}</dd></div>
      </dl>
      {block.received && block.state === "available" && (
        <Message kind={block.to_sign ? "warning" : "info"}>
          {block.to_sign ? t.toSign(block.to_sign) : t.allSigned}</Message>
      )}
      <div data-testid="block-notice"><NoticeView notice={notice} onClose={() => setNotice(null)} /></div>
      {buttons.length > 0 && (
        <div className="pm-block-actions" data-testid="block-actions">
          {buttons.map((a) => (
            <button key={a} type="button" className={`br-button ${a === "sign" ? "primary" : "secondary"}`}
              onClick={() => { setNotice(null); setDialog(a); }}>{t.actions[a]}</button>
          ))}
        </div>
      )}

      <Table caption={t.documentList} captionVisible testId="block-documents">
        <thead><tr>
          <th scope="col">{t.document}</th><th scope="col">{t.process}</th><th scope="col">{t.state}</th>
          <th scope="col">{t.signatures}</th><th scope="col">{t.minimumLevel}</th>
          {allowed.has("remove_document") && <th scope="col"><span className="sr-only">{t.remove}</span></th>}
        </tr></thead>
        <tbody>{block.documents.map((d) => (
          <DocumentRow key={d.id} block={block} document={d} selected={reading === d.id}
            onRead={() => setReading(reading === d.id ? null : d.id)}
            onRemoved={(updated) => done(updated, t.removed(d.title))}
            onError={(text) => setNotice({ kind: "danger", text })} />
        ))}</tbody>
      </Table>
      {current && (
        <div className="pm-viewer pm-block-reader" data-testid="block-reader">
          <h2>{t.reading(current.title)}</h2>
          <iframe title={current.title} src={blocks.contentUrl(block.id, current.id)} className="pm-frame"
            sandbox="" />
        </div>
      )}

      <h2>{t.notes}</h2>
      {block.recipients.some((r) => r.note) ? (
        <ul className="pm-block-notes" data-testid="block-notes">
          {block.recipients.filter((r) => r.note).map((r) => <li key={r.id}><strong>{r.acronym}:</strong> {r.note}</li>)}
        </ul>
      ) : <p className="pm-muted">{t.noNotes}</p>}
      <h2>{t.history}</h2>
      <ol className="pm-timeline" data-testid="block-history">
        {block.events.map((e, i) => (
          <li key={i}><strong>{e.description}</strong>
            <div className="text-down-01">{formatDateTime(e.created_at)} {e.unit ? `— ${e.unit}` : ""}</div></li>
        ))}
      </ol>

      {dialog === "make_available" && <MakeAvailableDialog block={block} onClose={() => setDialog(null)}
        onDone={(b) => done(b, t.madeAvailable(b.recipients.map((u) => u.acronym).join(", ")))} />}
      {dialog === "cancel_availability" && <Confirm title={t.actions.cancel_availability} question={t.cancelQuestion}
        run={() => blocks.cancelAvailability(block.id)} onClose={() => setDialog(null)}
        onDone={(b) => done(b, t.cancelled)} />}
      {dialog === "conclude" && <Confirm title={t.actions.conclude} question={t.concludeQuestion}
        run={() => blocks.conclude(block.id)} onClose={() => setDialog(null)} onDone={(b) => done(b, t.concluded)} />}
      {dialog === "return" && <NoteDialog title={t.returnTitle} intro={t.returnQuestion} label={t.note}
        confirm={t.actions.return} run={(note) => blocks.giveBack(block.id, note)} onClose={() => setDialog(null)}
        onDone={(b) => done(b, t.returned)} />}
      {dialog === "annotate" && <NoteDialog title={t.annotateTitle} label={t.noteLabel}
        initial={block.recipients.find((r) => r.note)?.note ?? ""} confirm={t.saveNote}
        run={(note) => blocks.annotate(block.id, note)} onClose={() => setDialog(null)}
        onDone={(b) => done(b, t.annotated)} />}
      {dialog === "sign" && <SignBlockDialog block={block} onClose={() => setDialog(null)}
        onDone={(b, count) => done(b, t.signedMany(count))} />}
    </section>
  );
}

function DocumentRow({ block, document: d, selected, onRead, onRemoved, onError }: {
  block: Block; document: BlockDocument; selected: boolean; onRead: () => void;
  onRemoved: (b: Block) => void; onError: (text: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const canRemove = block.allowed_actions.includes("remove_document");
  return (
    <tr data-testid="block-document" data-state={d.state}>
      <td>
        <button type="button" className="pm-link-button" aria-pressed={selected}
          aria-label={t.read(d.title)} onClick={onRead}>{d.title}</button>
        {d.description && <div className="text-down-01">{d.description}</div>}
      </td>
      <td>{block.generated ? <Link to={`/processos/${d.process.id}?documento=${d.id}`}>{d.process.number}</Link>
        : d.process.number}</td>
      <td>{d.state === "signed" ? <span className="pm-tag pm-tag-success">{t.signedTag}</span>
        : d.state === "cancelled" ? <span className="pm-tag pm-tag-danger">{t.cancelledTag}</span>
          : <span className="pm-tag pm-tag-muted">{t.noSignature}</span>}</td>
      <td>{d.signatures.length === 0 ? "—" : (
        <ul className="pm-block-signatures" data-testid="block-signatures">
          {d.signatures.map((s, i) => (
            <li key={i}>{t.signedBy(s.signer_name, s.unit, formatDateTime(s.signed_at), s.level_label)}</li>
          ))}
        </ul>
      )}</td>
      <td>{d.minimum_level_label}</td>
      {canRemove && (
        <td>
          <button type="button" className="br-button secondary small" disabled={busy}
            aria-label={t.removeLabel(d.title)}
            onClick={async () => {
              setBusy(true);
              try { onRemoved(await blocks.remove(block.id, d.id)); } catch (e) { onError((e as Error).message); }
              setBusy(false);
            }}>{t.remove}</button>
        </td>
      )}
    </tr>
  );
}

function Confirm({ title, question, run, onClose, onDone }: {
  title: string; question: string; run: () => Promise<Block>; onClose: () => void; onDone: (b: Block) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  return (
    <ConfirmDialog title={title} question={question} confirm={title} back={t.back2} busy={busy} error={error}
      onClose={onClose} onConfirm={async () => {
        setBusy(true);
        setError("");
        try { onDone(await run()); } catch (e) { setError((e as Error).message); setBusy(false); }
      }} />
  );
}

const noteSchema = z.object({ note: z.string().max(1000, processMessages.forms.tooLong(1000)) });

function NoteDialog({ title, intro, label, initial = "", confirm, run, onClose, onDone }: {
  title: string; intro?: string; label: string; initial?: string; confirm: string;
  run: (note: string) => Promise<Block>; onClose: () => void; onDone: (b: Block) => void;
}) {
  const [error, setError] = useState("");
  const { register, handleSubmit, formState } = useForm({ resolver: zodResolver(noteSchema),
    defaultValues: { note: initial } });
  const submit = handleSubmit(async (v) => {
    setError("");
    try { onDone(await run(v.note)); } catch (e) { setError((e as Error).message); }
  });
  return (
    <Dialog title={title} onClose={onClose} testId="block-note-dialog" footer={<>
      <button type="button" className="br-button secondary" onClick={onClose}>{t.back2}</button>
      <button type="submit" form="pm-block-note" className="br-button primary" disabled={formState.isSubmitting}>
        {confirm}</button>
    </>}>
      <form id="pm-block-note" onSubmit={submit} noValidate>
        {intro && <p>{intro}</p>}
        {error && <Message kind="danger">{error}</Message>}
        <Textarea id="block-note" label={label} rows={3} maxLength={1000}
          error={formState.errors.note?.message} {...register("note")} />
      </form>
    </Dialog>
  );
}

function MakeAvailableDialog({ block, onClose, onDone }: {
  block: Block; onClose: () => void; onDone: (b: Block) => void;
}) {
  const units = useQuery({ queryKey: ["units"], queryFn: staff.units, staleTime: 60_000 });
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(block.recipients.map((r) => r.id)));
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const others = (units.data ?? []).filter((u) => u.id !== block.unit.id);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen.size === 0) { setError(t.unitsRequired); return; }
    setBusy(true);
    setError("");
    try { onDone(await blocks.makeAvailable(block.id, [...chosen])); } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }
  return (
    <Dialog title={t.makeAvailableTitle} onClose={onClose} testId="block-available-dialog" footer={<>
      <button type="button" className="br-button secondary" onClick={onClose}>{t.back2}</button>
      <button type="submit" form="pm-block-available" className="br-button primary" disabled={busy}>
        {t.actions.make_available}</button>
    </>}>
      <form id="pm-block-available" onSubmit={submit} noValidate>
        <fieldset className="pm-block-units">
          <legend>{t.makeAvailableHelp}</legend>
          {units.isPending && <p role="status">{messages.loading}</p>}
          {others.map((u) => (
            <Checkbox key={u.id} id={`block-unit-${u.id}`} label={`${u.acronym} — ${u.name}`}
              checked={chosen.has(u.id)} onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(u.id); else next.delete(u.id);
                setChosen(next);
              }} />
          ))}
        </fieldset>
        {error && <Message kind="danger">{error}</Message>}
      </form>
    </Dialog>
  );
}

const signSchema = z.object({ role: z.string().max(200, processMessages.forms.tooLong(200)), password: z.string() });

/** Assinar bloco: gov.br avançada (one authorisation for the whole block) first when the
 * city makes it the default; the password when the city allows it. */
function SignBlockDialog({ block, onClose, onDone }: {
  block: Block; onClose: () => void; onDone: (b: Block, count: number) => void;
}) {
  const defaults = useQuery({ queryKey: ["signing-defaults"], queryFn: blocks.defaults, staleTime: 60_000 });
  const [error, setError] = useState("");
  const [starting, setStarting] = useState(false);
  const { register, handleSubmit, getValues, setError: setFieldError, formState } = useForm({
    resolver: zodResolver(signSchema), defaultValues: { role: "", password: "" } });
  const passwordAllowed = defaults.data?.password_allowed ?? true;
  const advancedFirst = defaults.data?.advanced_default ?? false;
  const submit = handleSubmit(async (v) => {
    if (!v.password) { setFieldError("password", { message: t.passwordRequired }); return; }
    setError("");
    try {
      const answer = await blocks.sign(block.id, v.password, v.role);
      onDone(answer.block, answer.signatures.length);
    } catch (e) { setError((e as Error).message); }
  });
  async function advanced(level: "advanced" | "qualified" = "advanced") {
    setError("");
    setStarting(true);
    try {
      const { authorize_url } = await blocks.signGovbr(block.id, getValues("role"), window.location.pathname, level);
      window.location.assign(authorize_url);
    } catch (e) {
      setError((e as Error).message);
      setStarting(false);
    }
  }
  const advancedButton = (
    <div className="pm-sign-advanced" data-testid="block-sign-advanced">
      <p className="pm-muted">{signatureMessages.advancedHelp}</p>
      <button type="button" className={`br-button ${advancedFirst || !passwordAllowed ? "primary" : "secondary"}`}
        onClick={() => advanced()} disabled={starting} autoFocus={advancedFirst}>
        <i className="fas fa-certificate" aria-hidden="true" /> {signatureMessages.advanced}
      </button>
      {defaults.data?.qualified_available && (
        <div className="pm-sign-qualified" data-testid="block-sign-qualified">
          <p className="pm-muted">{signatureMessages.qualifiedHelp}</p>
          <button type="button" className="br-button secondary" onClick={() => advanced("qualified")}
            disabled={starting}>
            <i className="fas fa-award" aria-hidden="true" /> {signatureMessages.qualified}
          </button>
        </div>
      )}
      {starting && <p role="status">{signatureMessages.advancedStarting}</p>}
    </div>
  );
  return (
    <Dialog title={t.signTitle} onClose={onClose} testId="block-sign-dialog" footer={<>
      <button type="button" className="br-button secondary" onClick={onClose}>{t.back2}</button>
      {passwordAllowed && (
        <button type="submit" form="pm-block-sign" className={`br-button ${advancedFirst ? "secondary" : "primary"}`}
          disabled={formState.isSubmitting}>{t.confirmSign}</button>
      )}
    </>}>
      <form id="pm-block-sign" onSubmit={submit} noValidate>
        <p><strong>{t.signing(block.to_sign)}</strong></p>
        {error && <Message kind="danger"><Linkify text={error} /></Message>}
        <Input id="block-sign-role" label={t.role} {...register("role")} error={formState.errors.role?.message} />
        {advancedButton}
        {passwordAllowed && (
          <Input id="block-sign-password" type="password" label={t.password} required
            autoComplete="current-password" error={formState.errors.password?.message} {...register("password")} />
        )}
      </form>
    </Dialog>
  );
}
