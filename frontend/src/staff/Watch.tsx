import { type FormEvent, useEffect, useState } from "react";

import { messages } from "../i18n/pt-BR";
import { type ProcessDetail, type WatchGroup, staff } from "./api";

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
