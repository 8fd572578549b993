// Administração > Tipos de documento: how this municipality signs — the gov.br advanced
// signature as the default of the sign dialogs, and whether password signing stays on.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Checkbox } from "../components/Field";
import { Message, type Notice, NoticeView } from "../components/Message";
import { signatureMessages } from "../i18n/signatures";
import { blocks, type SigningDefaults } from "./blocksApi";

const t = signatureMessages.defaults;
export const DEFAULTS_KEY = ["signing-defaults"];

/** The city's signing defaults (every sign dialog reads them). */
export function useSigningDefaults() {
  return useQuery({ queryKey: DEFAULTS_KEY, queryFn: blocks.defaults, staleTime: 60_000 });
}

export function SigningDefaultsCard() {
  const client = useQueryClient();
  const current = useSigningDefaults();
  const [draft, setDraft] = useState<Partial<SigningDefaults>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const value = { ...current.data, ...draft } as SigningDefaults;
  const save = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: () => blocks.setDefaults({ advanced_default: !!value.advanced_default,
      password_allowed: !!value.password_allowed }),
    onSuccess: (body) => {
      client.setQueryData(DEFAULTS_KEY, body);
      setDraft({});
      setNotice({ kind: "success", text: t.saved });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  return (
    <form className="pm-card" noValidate aria-labelledby="sign-defaults-title" data-testid="signing-defaults"
      onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <h2 id="sign-defaults-title">{t.title}</h2>
      <p>{t.help}</p>
      {current.isError && <Message kind="danger">{(current.error as Error).message}</Message>}
      {current.data && !current.data.advanced_available && <Message kind="warning">{t.unavailable}</Message>}
      {current.data && (
        <>
          <Checkbox id="sign-advanced-default" label={t.advancedDefault} checked={!!value.advanced_default}
            onChange={(e) => setDraft({ ...draft, advanced_default: e.target.checked })} />
          <Checkbox id="sign-password-allowed" label={t.passwordAllowed} checked={!!value.password_allowed}
            onChange={(e) => setDraft({ ...draft, password_allowed: e.target.checked })} />
        </>
      )}
      <NoticeView notice={notice} onClose={() => setNotice(null)} />
      <div className="pm-form-actions">
        <button className="br-button primary" type="submit" disabled={save.isPending || !current.data}>{t.save}</button>
      </div>
    </form>
  );
}
