// Administração › Calendário: the whole calendar deadlines count with — the year's
// national and state holidays (read-only, the backend's `holidays` data), the city's own
// holidays and pontos facultativos, and registered outages (com/sem prorrogação).
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { api } from "../../api";
import { ConfirmDialog } from "../../components/Dialog";
import { Checkbox, DateInput, Input, Select } from "../../components/Field";
import { Message, type Notice, NoticeView } from "../../components/Message";
import { Table } from "../../components/Table";
import { Tag } from "../../components/Tag";
import { formatDate, todayIso } from "../../dates";
import { dateText, requiredText, toIsoDate } from "../../forms";
import { citizenAdminMessages } from "../../i18n/citizenAdmin";
import { messages } from "../../i18n/pt-BR";
import { AddCard } from "./parts";

const t = citizenAdminMessages.calendar;

interface StateHoliday { date: string; name: string; scope: "national" | "state" }
interface Holiday { id: string; date: string; name: string; kind: "holiday" | "optional" }
interface Outage { id: string; starts_on: string; ends_on: string; extends_deadlines: boolean; description: string }

const WEEKDAYS = ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"];
const weekday = (iso: string) => WEEKDAYS[new Date(`${iso}T12:00:00Z`).getUTCDay()];

const holidaySchema = z.object({ date: dateText(), name: requiredText(t.nameRequired).max(120), kind: z.enum(["holiday", "optional"]) });
const outageSchema = z.object({
  starts_on: dateText(), ends_on: dateText(), extends_deadlines: z.boolean(), description: z.string().max(300),
}).superRefine((v, ctx) => {
  const a = toIsoDate(v.starts_on);
  const b = toIsoDate(v.ends_on);
  if (/^\d{4}-\d{2}-\d{2}$/.test(a) && /^\d{4}-\d{2}-\d{2}$/.test(b) && b < a) {
    ctx.addIssue({ code: "custom", path: ["ends_on"], message: t.endBeforeStart });
  }
});

type Removal = { kind: "holiday"; row: Holiday } | { kind: "outage"; row: Outage };

export function CalendarAdmin() {
  const client = useQueryClient();
  const [year, setYear] = useState(() => Number(todayIso().slice(0, 4)));
  const today = todayIso();
  const state = useQuery({
    queryKey: ["admin", "state-holidays", year],
    queryFn: () => api<{ year: number; uf: string; results: StateHoliday[] }>("GET", `/api/v1/calendar/state-holidays/?year=${year}`),
  });
  const holidays = useQuery({ queryKey: ["admin", "holidays"], queryFn: () => api<Holiday[]>("GET", "/api/v1/calendar/holidays/") });
  const outages = useQuery({ queryKey: ["admin", "outages"], queryFn: () => api<Outage[]>("GET", "/api/v1/calendar/outages/") });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [holidayError, setHolidayError] = useState("");
  const [outageError, setOutageError] = useState("");
  const holidayForm = useForm<z.infer<typeof holidaySchema>>({
    resolver: zodResolver(holidaySchema), defaultValues: { date: "", name: "", kind: "holiday" },
  });
  const outageForm = useForm<z.infer<typeof outageSchema>>({
    resolver: zodResolver(outageSchema), defaultValues: { starts_on: "", ends_on: "", extends_deadlines: true, description: "" },
  });

  const addHoliday = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: (v: z.infer<typeof holidaySchema>) =>
      api<Holiday>("POST", "/api/v1/calendar/holidays/", { ...v, date: toIsoDate(v.date) }),
    onSuccess: (h) => {
      holidayForm.reset();
      setHolidayError("");
      client.invalidateQueries({ queryKey: ["admin", "holidays"] });
      setYear(Number(h.date.slice(0, 4)));
      setNotice({ kind: "success", text: t.holidayAdded(h.name, formatDate(h.date)) });
    },
    onError: (e: Error) => setHolidayError(e.message),
  });
  const addOutage = useMutation({
    onMutate: () => setNotice(null),
    mutationFn: (v: z.infer<typeof outageSchema>) => api<Outage>("POST", "/api/v1/calendar/outages/",
      { ...v, starts_on: toIsoDate(v.starts_on), ends_on: toIsoDate(v.ends_on) }),
    onSuccess: () => {
      outageForm.reset();
      setOutageError("");
      client.invalidateQueries({ queryKey: ["admin", "outages"] });
      setNotice({ kind: "success", text: t.outageAdded });
    },
    onError: (e: Error) => setOutageError(e.message),
  });
  const remove = useMutation({
    mutationFn: (r: Removal) => api("DELETE", `/api/v1/calendar/${r.kind === "holiday" ? "holidays" : "outages"}/${r.row.id}/`),
    onSuccess: (_d, r) => {
      setRemoval(null);
      client.invalidateQueries({ queryKey: ["admin", r.kind === "holiday" ? "holidays" : "outages"] });
      setNotice({ kind: "success", text: r.kind === "holiday" ? t.holidayRemoved(r.row.name) : t.outageRemoved });
    },
  });
  const period = (o: Outage) => o.starts_on === o.ends_on
    ? formatDate(o.starts_on) : `${formatDate(o.starts_on)} a ${formatDate(o.ends_on)}`;

  const municipal = (holidays.data ?? []).filter((h) => h.date.startsWith(`${year}-`));
  const he = holidayForm.formState.errors;
  const oe = outageForm.formState.errors;
  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      <div className="pm-toolbar" role="group" aria-label={t.year}>
        <button type="button" className="br-button secondary small" onClick={() => setYear(year - 1)}>
          <i className="fas fa-chevron-left" aria-hidden="true" /> {t.prevYear}</button>
        <strong aria-live="polite" data-testid="calendar-year">{t.year} {year}</strong>
        <button type="button" className="br-button secondary small" onClick={() => setYear(year + 1)}>
          {t.nextYear} <i className="fas fa-chevron-right" aria-hidden="true" /></button>
      </div>
      <NoticeView notice={notice} onClose={() => setNotice(null)} />

      <div className="pm-card">
        <h2>{t.stateTitle(year, state.data?.uf ?? "")}</h2>
        <p className="pm-hint">{t.stateHelp}</p>
        {state.isError && <Message kind="danger">{(state.error as Error).message}</Message>}
        {!state.data && !state.isError && <p role="status">{messages.loading}</p>}
        {state.data && (
          <Table caption={t.stateTitle(year, state.data.uf)} testId="state-holidays">
            <thead><tr><th scope="col">{t.date}</th><th scope="col">{t.weekday}</th><th scope="col">{t.name}</th><th scope="col">{t.scope}</th></tr></thead>
            <tbody>{state.data.results.map((h) => (
              <tr key={`${h.date}-${h.name}`}>
                <td>{formatDate(h.date)}</td><td>{weekday(h.date)}</td><td>{h.name}</td>
                <td><Tag tone={h.scope === "national" ? "info" : "warning"}>{t.scopes[h.scope]}</Tag></td>
              </tr>
            ))}</tbody>
          </Table>
        )}
      </div>

      <div className="pm-card">
        <h2>{t.municipalTitle} ({year})</h2>
        {holidays.data && municipal.length === 0 && <p className="pm-empty-text">{t.municipalNone}</p>}
        {municipal.length > 0 && (
          <Table caption={`${t.municipalTitle} (${year})`} testId="municipal-holidays">
            <thead><tr><th scope="col">{t.date}</th><th scope="col">{t.weekday}</th><th scope="col">{t.name}</th>
              <th scope="col">{t.kind}</th><th scope="col"><span className="sr-only">{messages.adminPage.actions}</span></th></tr></thead>
            <tbody>{municipal.map((h) => (
              <tr key={h.id}>
                <td>{formatDate(h.date)}</td><td>{weekday(h.date)}</td><td>{h.name}</td><td>{t.kinds[h.kind]}</td>
                <td className="pm-nowrap">{h.date > today && (
                  <button type="button" className="br-button secondary small" aria-label={t.removeHoliday(h.name)}
                    onClick={() => { remove.reset(); setRemoval({ kind: "holiday", row: h }); }}>{t.remove}</button>
                )}</td>
              </tr>
            ))}</tbody>
          </Table>
        )}
      </div>
      <AddCard id="holiday-add" title={t.addHoliday} submit={t.addHoliday} busy={addHoliday.isPending} error={holidayError}
        onSubmit={holidayForm.handleSubmit((v) => addHoliday.mutate(v))}>
        <div className="pm-form-grid">
          <DateInput id="holiday-date" label={t.date} required error={he.date?.message} {...holidayForm.register("date")} />
          <Input id="holiday-name" label={t.name} required maxLength={120} error={he.name?.message} {...holidayForm.register("name")} />
          <Select id="holiday-kind" label={t.kind} {...holidayForm.register("kind")}
            options={Object.entries(t.kinds).map(([value, label]) => ({ value, label }))} />
        </div>
      </AddCard>

      <div className="pm-card">
        <h2>{t.outagesTitle}</h2>
        <p className="pm-hint">{t.outagesHelp}</p>
        {outages.data && outages.data.length === 0 && <p className="pm-empty-text">{t.outagesNone}</p>}
        {outages.data && outages.data.length > 0 && (
          <Table caption={t.outagesTitle} testId="outages">
            <thead><tr><th scope="col">{t.startsOn}</th><th scope="col">{t.endsOn}</th><th scope="col">{t.extends}</th>
              <th scope="col">{t.description}</th><th scope="col"><span className="sr-only">{messages.adminPage.actions}</span></th></tr></thead>
            <tbody>{outages.data.map((o) => (
              <tr key={o.id}>
                <td>{formatDate(o.starts_on)}</td><td>{formatDate(o.ends_on)}</td>
                <td><Tag tone={o.extends_deadlines ? "success" : "muted"}>{o.extends_deadlines ? t.withExtension : t.withoutExtension}</Tag></td>
                <td>{o.description || "—"}</td>
                <td className="pm-nowrap">{o.starts_on > today && (
                  <button type="button" className="br-button secondary small" aria-label={t.removeOutage(period(o))}
                    onClick={() => { remove.reset(); setRemoval({ kind: "outage", row: o }); }}>{t.remove}</button>
                )}</td>
              </tr>
            ))}</tbody>
          </Table>
        )}
      </div>
      <AddCard id="outage-add" title={t.addOutage} submit={t.addOutage} busy={addOutage.isPending} error={outageError}
        onSubmit={outageForm.handleSubmit((v) => addOutage.mutate(v))}>
        <div className="pm-form-grid">
          <DateInput id="outage-start" label={t.startsOn} required error={oe.starts_on?.message} {...outageForm.register("starts_on")} />
          <DateInput id="outage-end" label={t.endsOn} required error={oe.ends_on?.message} {...outageForm.register("ends_on")} />
          <Input id="outage-description" label={t.description} maxLength={300} {...outageForm.register("description")} />
        </div>
        <Checkbox id="outage-extends" label={t.extends} {...outageForm.register("extends_deadlines")} />
      </AddCard>

      {removal && (
        <ConfirmDialog danger busy={remove.isPending} error={remove.error?.message}
          title={removal.kind === "holiday" ? t.removeHolidayTitle : t.removeOutageTitle}
          question={removal.kind === "holiday"
            ? t.removeHolidayQuestion(removal.row.name, formatDate(removal.row.date))
            : t.removeOutageQuestion(period(removal.row))}
          confirm={t.remove} onClose={() => setRemoval(null)} onConfirm={() => remove.mutate(removal)} />
      )}
    </section>
  );
}
