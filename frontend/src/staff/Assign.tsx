import { type FormEvent, useEffect, useState } from "react";

import { messages } from "../i18n/pt-BR";
import { type Person, staff } from "./api";

const t = messages.assign;

/** The staff of my current unit, by name (whom a process here may be assigned to). */
export function useUnitMembers(unit: string | null, onError: (m: string) => void): Person[] {
  const [members, setMembers] = useState<Person[]>([]);
  useEffect(() => {
    let current = true;
    staff.unitMembers().then((m) => current && setMembers(m)).catch((e) => current && onError(e.message));
    return () => {
      current = false;
    };
  }, [unit, onError]);
  return members;
}

/** A select of the unit's members ("" = nobody); the assignee is kept even if they are
 * no longer listed (e.g. moved to another unit), so the current state always shows. */
export function PersonSelect({ id, members, value, label, onChange, disabled }: {
  id?: string; members: Person[]; value: Person | null; label?: string;
  onChange: (person: string) => void; disabled?: boolean;
}) {
  const listed = value && !members.some((m) => m.id === value.id) ? [value, ...members] : members;
  return (
    <select id={id} aria-label={label} value={value?.id ?? ""} disabled={disabled}
      onChange={(e) => onChange(e.target.value)}>
      <option value="">{t.nobody}</option>
      {listed.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
    </select>
  );
}

/** The assignment panel of a process open in my unit. */
export function AssignForm({ processId, current, members, onDone, onError }: {
  processId: string; current: Person | null; members: Person[];
  onDone: (message: string) => void; onError: (m: string) => void;
}) {
  const [chosen, setChosen] = useState(current?.id ?? "");
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { assignee } = await staff.assign(processId, chosen || null);
      onDone(assignee ? t.done(assignee.name) : t.removed);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  const value = members.find((m) => m.id === chosen) ?? (chosen === current?.id ? current : null);
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="assign-form">
      <div className="br-select mb-2">
        <label htmlFor="assign-to">{t.label}</label>
        <PersonSelect id="assign-to" members={members} value={value} onChange={setChosen} />
      </div>
      <button type="submit" className="br-button primary">{t.confirm}</button>
    </form>
  );
}
