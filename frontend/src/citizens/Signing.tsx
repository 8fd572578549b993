// The citizen's signing step, the same for every filing (new process, intercorrente,
// response to an intimação):
//   <SignatureStep> says which signature the filing needs and why, and holds "Assinar";
//   afterFiling() sends the browser to gov.br when the server answered 202 (advanced),
//     or to the recibo;
//   <SigningReturn> (route /cidadao/assinatura/retorno) completes it and lands on the
//     recibo, or explains in pt-BR and offers "Assinar de novo".
// A new filing screen (e.g. the response to an intimação) reuses it as Intercurrent.tsx
// does: compute `signatureRequirement({restricted, …})`, render <SignatureStep>, POST with
// `sign: true` (citizen.respond / citizen.intercurrent / citizen.file) and hand the answer
// to `afterFiling(answer, navigate)`. The server side is citizens/services/signing.py.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useNavigate, useSearchParams, type NavigateFunction } from "react-router";

import type { ApiError } from "../api";
import { Checkbox } from "../components/Field";
import { Message } from "../components/Message";
import { citizenMessages as t } from "../i18n/citizens";
import { citizen, type Filed, type Petition, type SigningStarted } from "./api";
import { ErrorMessage } from "./CitizenApp";

const s = t.signing;
const STORAGE_KEY = "pm-citizen-signing";

export interface Requirement {
  advanced: boolean;
  reasons: string[];
}

/** Which signature a filing needs (the server decides the same way, and refuses the
 * simple one when the advanced is due). */
export function signatureRequirement({ restricted, requiresAdvanced = false, simpleAllowed = true }: {
  restricted: boolean; requiresAdvanced?: boolean; simpleAllowed?: boolean;
}): Requirement {
  const reasons = [];
  if (restricted) reasons.push("restricted_document");
  if (requiresAdvanced) reasons.push("type_requires_advanced");
  if (!simpleAllowed) reasons.push("simple_not_admitted");
  return { advanced: reasons.length > 0, reasons };
}

export function SignatureStep({ id, requirement, trustLevel, checked, onChange, error }: {
  id: string;
  requirement: Requirement;
  trustLevel?: string | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  const label = requirement.advanced ? s.advanced : s.simple;
  return (
    <fieldset className="pm-fieldset" style={{ marginTop: "1rem" }} data-testid="signature-step">
      <legend>{s.title}</legend>
      <p data-testid="signature-level"><strong>{s.will(label)}</strong></p>
      {requirement.advanced && (
        <>
          <p>{s.why}</p>
          <ul>{requirement.reasons.map((r) => <li key={r}>{s.reasons[r] ?? r}</li>)}</ul>
          <p>{s.advancedText}</p>
          {trustLevel === "bronze" && (
            <Message kind="warning" testId="signature-upgrade">
              {s.bronze}{" "}
              <a href="https://confiabilidades.acesso.gov.br/">{t.raiseLevel}</a>
            </Message>
          )}
        </>
      )}
      {!requirement.advanced && <p>{s.simpleText}</p>}
      <p>{s.declaration}</p>
      <Checkbox id={id} label={s.check} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {error && <Message kind="danger">{error}</Message>}
    </fieldset>
  );
}

export function isStarted(answer: Filed): answer is SigningStarted {
  return (answer as SigningStarted).authorize_url !== undefined;
}

/** After a filing's POST: to gov.br (remembering where to come back to), or the recibo. */
export function afterFiling(answer: Filed, navigate: NavigateFunction, back: string = window.location.pathname) {
  if (isStarted(answer)) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ id: answer.id, back }));
    window.location.assign(answer.authorize_url);
    return;
  }
  navigate(`/cidadao/recibos/${(answer as Petition).id}`, { state: { justFiled: true } });
}

function pending(): { id: string; back: string } | null {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    return null;
  }
}

/** Where gov.br sends the citizen back (`?code&state` or `?error&state`). */
export function SigningReturn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const started = useRef(false);
  const stored = pending();
  const complete = useMutation({
    mutationFn: () => citizen.completeSigning({
      state: params.get("state") ?? "", code: params.get("code") ?? "", error: params.get("error") ?? "",
    }),
    onSuccess: (petition) => {
      sessionStorage.removeItem(STORAGE_KEY);
      client.invalidateQueries({ queryKey: ["citizen"] });
      navigate(`/cidadao/recibos/${petition.id}`, { replace: true, state: { justFiled: true } });
    },
  });
  const restart = useMutation({
    mutationFn: () => citizen.restartSigning(stored?.id ?? ""),
    onSuccess: (answer) => afterFiling(answer, navigate, stored?.back),
  });
  useEffect(() => {
    // Once: a second call would find the authorisation used.
    if (started.current || !params.get("state")) return;
    started.current = true;
    complete.mutate();
  }, [params, complete]);

  return (
    <section data-testid="signing-return">
      <h2>{s.returnTitle}</h2>
      {!params.get("state") && <Message kind="info">{s.missing}</Message>}
      {(complete.isPending || complete.isIdle) && params.get("state") && <p role="status">{s.completing}</p>}
      {complete.isError && (
        <>
          <Message kind="danger">{s.failed}</Message>
          <ErrorMessage error={complete.error as ApiError} />
          {restart.isError && <ErrorMessage error={restart.error as ApiError} />}
          <div className="pm-actions" style={{ marginTop: "1rem" }}>
            {stored && (
              <button type="button" className="br-button primary" disabled={restart.isPending}
                onClick={() => restart.mutate()}>
                {restart.isPending ? s.redirecting : s.retry}
              </button>
            )}{" "}
            {stored && <Link className="br-button secondary" to={stored.back}>{s.backToForm}</Link>}
          </div>
        </>
      )}
    </section>
  );
}
