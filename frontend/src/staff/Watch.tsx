import { type FormEvent, useCallback, useEffect, useState } from "react";

import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { type ProcessDetail, type WatchEntry, type WatchGroup, staff } from "./api";

const t = messages.watch;

/** Put the process on my watch list, with a group and a note; or take it off. */
export function WatchForm({ process, onDone, onError }: {
  process: ProcessDetail; onDone: (m: string) => void; onError: (m: string) => void;
}) {
  const [groups, setGroups] = useState<WatchGroup[]>([]);
  const [group, setGroup] = useState(process.watch?.group?.id ?? "");
  const [note, setNote] = useState(process.watch?.note ?? "");
  const [newGroup, setNewGroup] = useState("");
  useEffect(() => {
    staff.watchGroups().then(setGroups).catch((e) => onError(e.message));
  }, [onError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      let groupId = group || null;
      if (newGroup.trim()) groupId = (await staff.createWatchGroup(newGroup)).id;
      await staff.watch(process.id, groupId, note);
      onDone(t.added);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <form className="br-card p-3 my-3" onSubmit={submit} data-testid="watch-form">
      <h2>{t.title}</h2>
      {process.watch && <p>{t.watching}</p>}
      <div className="br-select mb-2">
        <label htmlFor="watch-group">{t.group}</label>
        <select id="watch-group" value={group} onChange={(e) => setGroup(e.target.value)}>
          <option value="">{t.noGroup}</option>
          {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
      </div>
      <div className="br-input mb-2">
        <label htmlFor="watch-new-group">{t.newGroup}</label>
        <input id="watch-new-group" value={newGroup} maxLength={100}
          onChange={(e) => setNewGroup(e.target.value)} />
      </div>
      <div className="br-input mb-2">
        <label htmlFor="watch-note">{t.note}</label>
        <input id="watch-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="br-button primary">{process.watch ? t.update : t.add}</button>{" "}
      {process.watch && (
        <button type="button" className="br-button secondary" onClick={() =>
          staff.unwatch(process.id).then(() => onDone(t.removed)).catch((e) => onError(e.message))}>
          {t.remove}
        </button>
      )}
    </form>
  );
}

/** Acompanhamento especial: my watch list, by group. */
export function WatchList() {
  const [groups, setGroups] = useState<WatchGroup[]>([]);
  const [group, setGroup] = useState("");
  const [rows, setRows] = useState<WatchEntry[] | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState("");

  const loadGroups = useCallback(() => {
    staff.watchGroups().then(setGroups).catch((e) => setError(e.message));
  }, []);
  useEffect(loadGroups, [loadGroups]);
  useEffect(() => {
    let current = true;
    staff.watches(group).then((page) => current && setRows(page.results))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [group, groups]);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      await staff.createWatchGroup(name);
      setName("");
      loadGroups();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <section>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      {error && <Message kind="danger">{error}</Message>}
      <div className="pm-actions">
        <div className="br-select">
          <label htmlFor="watch-filter">{t.group}</label>
          <select id="watch-filter" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t.allGroups}</option>
            <option value="none">{t.noGroup}</option>
            {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        {group && group !== "none" && (
          <button type="button" className="br-button secondary small" onClick={() =>
            staff.deleteWatchGroup(group).then(() => { setGroup(""); loadGroups(); })
              .catch((e) => setError(e.message))}>{t.deleteGroup}</button>
        )}
        <form onSubmit={create} className="d-flex align-items-end">
          <div className="br-input">
            <label htmlFor="watch-group-name">{t.newGroup}</label>
            <input id="watch-group-name" value={name} required maxLength={100}
              onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="submit" className="br-button secondary small ml-2">{t.createGroup}</button>
        </form>
      </div>
      {rows && rows.length === 0 && <p>{t.empty}</p>}
      {rows && rows.length > 0 && (
        <table className="br-table pm-table" data-testid="watch-list">
          <thead><tr><th>{messages.staff.number}</th><th>{messages.staff.type}</th>
            <th>{messages.staff.summary}</th><th>{t.group}</th><th>{t.note}</th><th>{t.since}</th></tr></thead>
          <tbody>{rows.map((w) => (
            <tr key={w.process.id}>
              <td><a {...linkProps(`/processos/${w.process.id}`)}>{w.process.number}</a></td>
              <td>{w.process.process_type}</td><td>{w.process.summary}</td>
              <td>{w.group?.name ?? t.noGroup}</td><td>{w.note}</td>
              <td>{new Date(w.created_at).toLocaleDateString("pt-BR")}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
