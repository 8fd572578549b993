// A signed document's "Autenticidade": código verificador, CRC, the verification page and
// the signed PDF; and, beside each signature, its level (Lei 14.063/2020).
import { useEffect, useState } from "react";

import { signatureMessages } from "../i18n/signatures";
import { type Authenticity, signatures } from "./api";

const t = signatureMessages.authenticity;

/** The authenticity of a signed internal document (undefined while loading or not
 * signed). Plain state, not react-query: the viewer is also drawn outside its provider. */
export function useAuthenticity(documentId: string, signed: boolean, signatureCount: number) {
  const [found, setFound] = useState<{ key: string; body: Authenticity } | null>(null);
  const key = `${documentId}:${signatureCount}`;
  useEffect(() => {
    if (!signed) return;
    let live = true;
    signatures.authenticity(documentId)
      .then((body) => { if (live) setFound({ key, body }); })
      .catch(() => undefined); // the block is simply not shown
    return () => { live = false; };
  }, [documentId, signed, key]);
  return { data: signed && found?.key === key ? found.body : undefined };
}

/** The level label of a signature, matched by signer and moment. */
export function levelOf(authenticity: Authenticity | undefined,
  signature: { signer_name: string; signed_at: string }): string {
  const at = Date.parse(signature.signed_at);
  const found = authenticity?.signatures.find((s) => s.signer_name === signature.signer_name
    && Date.parse(s.signed_at) === at);
  return found?.level_label ?? "";
}

export function AuthenticityBlock({ documentId, label, authenticity }: {
  documentId: string; label: string; authenticity: Authenticity;
}) {
  const levels = [...new Set(authenticity.signatures.map((s) => s.level_label).filter(Boolean))];
  return (
    <section className="pm-authenticity" data-testid="authenticity"
      aria-labelledby={`authenticity-${documentId}`}>
      <h3 id={`authenticity-${documentId}`} className="pm-authenticity-title">
        <i className="fas fa-shield-alt" aria-hidden="true" /> {t.title}</h3>
      <dl className="pm-authenticity-codes">
        <div><dt>{t.code}</dt><dd data-testid="verification-code"><code>{authenticity.code}</code></dd></div>
        <div><dt>{t.crc}</dt><dd data-testid="verification-crc"><code>{authenticity.crc}</code></dd></div>
        {levels.length > 0 && (
          <div><dt>{t.level}</dt><dd data-testid="signature-levels">{levels.join("; ")}</dd></div>
        )}
      </dl>
      <p className="pm-authenticity-actions">
        <a className="br-button secondary small" href={authenticity.url} target="_blank"
          rel="noopener" aria-label={t.checkLabel(label)}>
          <i className="fas fa-external-link-alt" aria-hidden="true" /> {t.check}</a>
        <a className="br-button secondary small" href={signatures.pdfUrl(documentId)}
          aria-label={t.downloadLabel(label)} data-testid="signed-pdf">
          <i className="fas fa-file-pdf" aria-hidden="true" /> {t.download}</a>
      </p>
    </section>
  );
}
