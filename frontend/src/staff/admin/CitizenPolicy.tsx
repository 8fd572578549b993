// Administração › Política do cidadão: the city's decree as configuration
// (/api/v1/citizen-policy/): simple signature admitted or not, the minimum gov.br levels
// (raised, never lowered), the tacit deadline of intimações.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { api } from "../../api";
import { Checkbox, Input, Select } from "../../components/Field";
import { Message, type Notice, NoticeView } from "../../components/Message";
import { citizenAdminMessages } from "../../i18n/citizenAdmin";
import { messages } from "../../i18n/pt-BR";

const t = citizenAdminMessages.policy;

interface Policy {
  simple_signature_allowed: boolean;
  restricted_petition_level: string;
  adhesion_level: string;
  representation_level: string;
  tacit_days: number;
  third_party_intercurrent: boolean;
}

const level = z.enum(["prata", "ouro"]);
const schema = z.object({
  simple_signature_allowed: z.boolean(),
  restricted_petition_level: level,
  adhesion_level: level,
  representation_level: level,
  tacit_days: z.number({ error: t.tacitInvalid }).int(t.tacitInvalid).min(1, t.tacitInvalid).max(60, t.tacitInvalid),
  third_party_intercurrent: z.boolean(),
});
type Values = z.infer<typeof schema>;

const LEVELS = ["prata", "ouro"].map((value) => ({ value, label: t.levels[value] }));

export function CitizenPolicy() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: ["admin", "citizen-policy"], queryFn: () => api<Policy>("GET", "/api/v1/citizen-policy/") });
  const form = useForm<Values>({ resolver: zodResolver(schema) });
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => { if (query.data) form.reset(query.data as Values); }, [query.data, form]);
  const save = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: (v: Values) => api<Policy>("PATCH", "/api/v1/citizen-policy/", v),
    onSuccess: (p) => {
      client.setQueryData(["admin", "citizen-policy"], p);
      setNotice({ kind: "success", text: t.saved });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  if (query.isError) return <Message kind="danger">{(query.error as Error).message}</Message>;
  if (!query.data) return <p role="status">{messages.loading}</p>;
  const errors = form.formState.errors;
  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      <form className="pm-card" noValidate aria-labelledby="policy-title" data-testid="citizen-policy"
        onSubmit={form.handleSubmit((v) => save.mutate(v))}>
        <h2 id="policy-title">{t.title}</h2>
        <Checkbox id="policy-simple" label={t.simple} aria-describedby="policy-simple-help"
          {...form.register("simple_signature_allowed")} />
        <p className="pm-hint" id="policy-simple-help">{t.simpleHelp}</p>
        <div className="pm-form-grid">
          <Select id="policy-restricted" label={t.restrictedLevel} hint={t.levelHint} options={LEVELS}
            {...form.register("restricted_petition_level")} />
          <Select id="policy-adhesion" label={t.adhesionLevel} hint={t.levelHint} options={LEVELS}
            {...form.register("adhesion_level")} />
          <Select id="policy-representation" label={t.representationLevel} hint={t.levelHint} options={LEVELS}
            {...form.register("representation_level")} />
          <Input id="policy-tacit" label={t.tacitDays} hint={t.tacitHint} required type="number" min={1} max={60}
            inputMode="numeric" error={errors.tacit_days?.message} {...form.register("tacit_days", { valueAsNumber: true })} />
        </div>
        <Checkbox id="policy-third" label={t.thirdParty} {...form.register("third_party_intercurrent")} />
        <NoticeView notice={notice} onClose={() => setNotice(null)} />
        <div className="pm-form-actions">
          <button className="br-button primary" type="submit" disabled={save.isPending}>{t.save}</button>
        </div>
      </form>
    </section>
  );
}
