import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useFieldArray, useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { z } from "zod";

import { Input, Select, Textarea } from "../components/Field";
import { Message } from "../components/Message";
import { requiredChoice, requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";
import { type AccessLevel, staff } from "./api";

const t = messages.staff;
const tn = messages.newProcess;

const schema = z.object({
  process_type: requiredChoice(tn.typeRequired),
  summary: requiredText(tn.summaryRequired).max(500),
  access_level: z.enum(["public", "restricted", "secret"]),
  legal_basis: z.string(),
  parties: z.array(z.object({
    document: z.string().trim().max(18),
    name: z.string().trim().max(200),
  }).refine((p) => p.document !== "" || p.name !== "", { message: tn.partyEmpty, path: ["name"] })),
}).refine((v) => v.access_level === "public" || v.legal_basis !== "", {
  message: tn.basisRequired, path: ["legal_basis"],
});
type Values = z.infer<typeof schema>;

/** Iniciar processo: type, especificação, access level (with its legal basis when not
 * public) and the interessados. */
export function NewProcess() {
  const navigate = useNavigate();
  const types = useQuery({ queryKey: ["process-types"], queryFn: staff.processTypes });
  const bases = useQuery({ queryKey: ["legal-bases"], queryFn: staff.legalBases });
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { process_type: "", summary: "", access_level: "public", legal_basis: "", parties: [] },
  });
  const parties = useFieldArray({ control: form.control, name: "parties" });
  const errors = form.formState.errors;
  const level = form.watch("access_level");

  const create = useMutation({
    mutationFn: (v: Values) => staff.createProcess({
      process_type: v.process_type, summary: v.summary, access_level: v.access_level,
      legal_basis: v.access_level === "public" ? null : v.legal_basis || null,
      parties: v.parties,
    }),
    onSuccess: (created) => navigate(`/processos/${created.id}`, { state: { notice: tn.created(created.number) } }),
  });

  const activeTypes = (types.data ?? []).filter((x) => x.active);
  const typeField = form.register("process_type", {
    onChange: (e) => {
      const chosen = activeTypes.find((x) => x.id === e.target.value);
      if (chosen) form.setValue("access_level", chosen.default_access_level);
    },
  });

  return (
    <section>
      <h1>{t.newProcess}</h1>
      <form className="pm-card pm-form" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        {create.isError && <Message kind="danger" focus>{create.error.message}</Message>}
        <Select id="process-type" label={t.type} required placeholder={tn.chooseType} error={errors.process_type?.message}
          options={activeTypes.map((x) => ({ value: x.id, label: x.name }))} {...typeField} />
        <Textarea id="process-summary" label={t.summary} required maxLength={500} rows={3}
          hint={tn.summaryHint} error={errors.summary?.message} {...form.register("summary")} />
        <fieldset className="pm-fieldset">
          <legend>{t.accessLevel}</legend>
          <div className="pm-radios">
            {(["public", "restricted", "secret"] as const).map((value: AccessLevel) => (
              <div className="br-radio" key={value}>
                <input id={`access-${value}`} type="radio" value={value}
                  {...form.register("access_level", { onChange: () => form.setValue("legal_basis", "") })} />
                <label htmlFor={`access-${value}`}>{t.accessLevels[value]}</label>
              </div>
            ))}
          </div>
        </fieldset>
        {level !== "public" && (
          <Select id="process-basis" label={t.legalBasis} required placeholder={t.chooseLegalBasis}
            error={errors.legal_basis?.message} {...form.register("legal_basis")}
            options={(bases.data ?? []).filter((b) => b.active && b.access_level === level)
              .map((b) => ({ value: b.id, label: `${b.name} (${b.reference})` }))} />
        )}
        <fieldset className="pm-fieldset">
          <legend>{t.parties}</legend>
          {parties.fields.length === 0 && <p className="pm-hint">{tn.noParties}</p>}
          {parties.fields.map((field, index) => (
            <div className="pm-party" key={field.id}>
              <Input id={`party-doc-${index}`} label={t.partyDocument} inputMode="numeric" maxLength={18}
                error={errors.parties?.[index]?.document?.message} {...form.register(`parties.${index}.document`)} />
              <Input id={`party-name-${index}`} label={t.partyName} maxLength={200}
                error={errors.parties?.[index]?.name?.message} {...form.register(`parties.${index}.name`)} />
              <button type="button" className="br-button secondary small pm-party-remove"
                aria-label={tn.removePartyN(index + 1)} onClick={() => parties.remove(index)}>
                <i className="fas fa-trash" aria-hidden="true"></i> {t.removeParty}
              </button>
            </div>
          ))}
          <button type="button" className="br-button secondary small"
            onClick={() => parties.append({ document: "", name: "" })}>
            <i className="fas fa-user-plus" aria-hidden="true"></i> {t.addParty}
          </button>
        </fieldset>
        <div className="pm-form-actions">
          <button type="button" className="br-button secondary" onClick={() => navigate(-1)}>{messages.forms.cancel}</button>
          <button type="submit" className="br-button primary" disabled={create.isPending}>{t.create}</button>
        </div>
      </form>
    </section>
  );
}
