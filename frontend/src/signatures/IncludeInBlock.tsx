// "Incluir em bloco de assinatura", from a document in the process screen: into an open
// (or returned) block of my unit, or a new one.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";

import { Dialog } from "../components/Dialog";
import { Input, Select } from "../components/Field";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { signatureMessages } from "../i18n/signatures";
import { blocks } from "./blocksApi";

const t = signatureMessages.blocks;
const NEW = "new";

export function IncludeInBlockDialog({ document, onDone, onClose }: {
  document: { id: string; label: string };
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const open = useQuery({ queryKey: ["signature-blocks", "generated", "addable"],
    // never an old list (the block made a moment ago must be offered): no cache kept
    queryFn: () => blocks.list("generated", "open,returned"), staleTime: 0, gcTime: 0 });
  const [choice, setChoice] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState("");
  const [fieldError, setFieldError] = useState("");
  const [busy, setBusy] = useState(false);
  const [included, setIncluded] = useState<{ id: string; number: number } | null>(null);
  const chosen = choice || (open.data && open.data.length > 0 ? open.data[0].id : NEW);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError("");
    if (chosen === NEW && !description.trim()) { setFieldError(t.descriptionRequired); return; }
    setBusy(true);
    try {
      const target = chosen === NEW ? await blocks.create(description.trim()) : { id: chosen };
      const block = await blocks.add(target.id, [document.id]);
      setIncluded({ id: block.id, number: block.number });
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  }
  // Once included, closing tells the process screen (which then reloads the document).
  const close = () => (included ? onDone(t.included(document.label, included.number)) : onClose());
  return (
    <Dialog title={t.includeTitle} onClose={close} testId="include-in-block" footer={<>
      <button type="button" className="br-button secondary" onClick={close}>{included ? t.close : t.back2}</button>
      {!included && (
        <button type="submit" form="pm-include-block" className="br-button primary" disabled={busy || open.isFetching}>
          {t.include}</button>
      )}
    </>}>
      {included ? (
        <>
          <Message kind="success">{t.included(document.label, included.number)}</Message>
          <p><Link to={`/blocos-de-assinatura/${included.id}`}>{t.openBlock}</Link></p>
        </>
      ) : (
        <form id="pm-include-block" onSubmit={submit} noValidate>
          <p>{t.includeHelp(document.label)}</p>
          {error && <Message kind="danger">{error}</Message>}
          {open.isError && <Message kind="danger">{(open.error as Error).message}</Message>}
          {open.isPending ? <p role="status">{messages.loading}</p> : <>
          <Select id="include-block" label={t.chooseBlock} value={chosen}
            onChange={(e) => { setChoice(e.target.value); setFieldError(""); }}
            options={[...(open.data ?? []).map((b) => ({ value: b.id, label: `Nº ${b.number} — ${b.description} (${b.state_label})` })),
              { value: NEW, label: t.newBlockOption }]} />
          {chosen === NEW && (
            <Input id="include-block-description" label={t.newDescription} required maxLength={200}
              value={description} error={fieldError}
              onChange={(e) => { setDescription(e.target.value); setFieldError(""); }} />
          )}
          </>}
        </form>
      )}
    </Dialog>
  );
}
