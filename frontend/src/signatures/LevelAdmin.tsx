// Administração > Tipos de documento: the lowest signature level each type accepts here
// (GET/PUT /api/v1/document-types/<id>/signature-level/; set by the municipal admin).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Select } from "../components/Field";
import { Message, type Notice, NoticeView } from "../components/Message";
import { signatureMessages } from "../i18n/signatures";
import type { DocumentType } from "../staff/api";
import { type SignatureLevel, signatures } from "./api";

const t = signatureMessages.levels;
const key = (id: string) => ["signature-level", id];

/** The current minimum level of one type, for its row in the catalogue. */
export function LevelCell({ documentType }: { documentType: string }) {
  const level = useQuery({ queryKey: key(documentType), queryFn: () => signatures.level(documentType),
    staleTime: 60_000 });
  return <span data-testid="signature-level-cell">{level.data?.minimum_level_label ?? t.loading}</span>;
}

/** The form: a type, its level (loaded when the type is chosen), save. */
export function LevelCard({ types }: { types: DocumentType[] }) {
  const client = useQueryClient();
  const [type, setType] = useState("");
  const [chosen, setChosen] = useState<SignatureLevel | "">("");
  const [notice, setNotice] = useState<Notice | null>(null);
  const [typeError, setTypeError] = useState("");
  const current = useQuery({ queryKey: key(type), queryFn: () => signatures.level(type),
    enabled: !!type, staleTime: 60_000 });
  const level = chosen || current.data?.minimum_level || "simple";
  const save = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: () => signatures.setLevel(type, level),
    onSuccess: (body) => {
      client.setQueryData(key(type), body);
      const name = types.find((d) => d.id === type)?.name ?? "";
      setNotice({ kind: "success", text: t.saved(name, body.minimum_level_label) });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  const signable = types.filter((d) => d.usage !== "external");
  return (
    <form className="pm-card" noValidate aria-labelledby="sign-level-title" data-testid="signature-levels"
      onSubmit={(e) => {
        e.preventDefault();
        if (!type) { setTypeError(t.chooseTypeRequired); return; }
        save.mutate();
      }}>
      <h2 id="sign-level-title">{t.title}</h2>
      <p>{t.help}</p>
      <div className="pm-form-grid">
        <Select id="sign-level-type" label={t.documentType} required placeholder={t.chooseType}
          value={type} error={typeError}
          onChange={(e) => { setType(e.target.value); setChosen(""); setTypeError(""); setNotice(null); }}
          options={signable.map((d) => ({ value: d.id, label: d.name }))} />
        <Select id="sign-level-level" label={t.level} value={level} disabled={!!type && current.isPending}
          onChange={(e) => setChosen(e.target.value as SignatureLevel)}
          options={Object.entries(t.options).map(([value, label]) => ({ value, label }))} />
      </div>
      {current.isError && <Message kind="danger">{(current.error as Error).message}</Message>}
      <NoticeView notice={notice} onClose={() => setNotice(null)} />
      <div className="pm-form-actions">
        <button className="br-button primary" type="submit" disabled={save.isPending}>{t.save}</button>
      </div>
    </form>
  );
}
