import { useEffect, useState } from "react";

import { Checkbox, Select } from "../components/Field";
import { messages } from "../i18n/pt-BR";
import { type Urgency, type UrgencyReason, tramita } from "./api";

const t = messages.tramita;

export const NOT_URGENT: Urgency = { urgent: false, reason: null };

/** Whether the urgency may go as chosen: not urgent, or urgent with a reason. */
export function urgencyComplete(urgency: Urgency): boolean {
  return !urgency.urgent || urgency.reason !== null;
}

/** "Envio urgente" and, when ticked, Tramita's reasons (`motivosUrgencia`), loaded then. */
export function UrgencyFields({ idPrefix, value, onChange, onError }: {
  idPrefix: string;
  value: Urgency;
  onChange: (urgency: Urgency) => void;
  onError: (message: string) => void;
}) {
  const [reasons, setReasons] = useState<UrgencyReason[] | null>(null);
  useEffect(() => {
    if (!value.urgent || reasons !== null) return;
    tramita.urgencyReasons().then(setReasons).catch((e) => onError((e as Error).message));
  }, [value.urgent, reasons, onError]);

  return (
    <div className="pm-urgency mt-2">
      <Checkbox id={`${idPrefix}-urgent`} label={t.urgent} checked={value.urgent}
        onChange={(e) => onChange({ urgent: e.target.checked, reason: null })} />
      {value.urgent && (
        <Select id={`${idPrefix}-urgency-reason`} label={t.urgencyReason} required
          className="mt-2" value={value.reason ?? ""} placeholder={t.chooseUrgencyReason}
          hint={reasons === null ? messages.loading : undefined}
          onChange={(e) => onChange({ urgent: true, reason: e.target.value ? Number(e.target.value) : null })}
          options={(reasons ?? []).map((r) => ({ value: String(r.code), label: r.description }))} />
      )}
    </div>
  );
}
