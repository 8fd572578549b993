import { type FormEvent, useCallback, useEffect, useState } from "react";

import { messages } from "../i18n/pt-BR";
import { type Marker, type MarkerColor, type ProcessMarker, staff } from "./api";

const t = messages.markers;

export const MARKER_COLORS: Record<MarkerColor, string> = {
  red: "#d0021b",
  orange: "#e67e00",
  yellow: "#ffcd07",
  green: "#168821",
  teal: "#00807f",
  blue: "#1351b4",
  purple: "#6a1b9a",
  gray: "#636363",
};

export function MarkerChip({ marker, note }: { marker: { name: string; color: MarkerColor }; note?: string }) {
  return (
    <span className="pm-marker" data-color={marker.color} data-testid="marker"
      style={{ "--pm-marker": MARKER_COLORS[marker.color] } as React.CSSProperties}
      title={note || undefined}>
      <i className="fas fa-tag" aria-hidden="true" /> {marker.name}
    </span>
  );
}

/** The current unit's markers on a process: apply one (with a note), remove, create. */
export function MarkerPanel({ processId, current, onDone, onError }: {
  processId: string; current: ProcessMarker[];
  onDone: (m: string) => void; onError: (m: string) => void;
}) {
  const [markers, setMarkers] = useState<Marker[]>([]);
  const [chosen, setChosen] = useState("");
  const [note, setNote] = useState("");
  const [name, setName] = useState("");
  const [color, setColor] = useState<MarkerColor>("blue");
  const load = useCallback(
    () => staff.markers().then(setMarkers).catch((e) => onError(e.message)), [onError]);
  useEffect(() => { load(); }, [load]);

  async function apply(event: FormEvent) {
    event.preventDefault();
    try {
      await staff.mark(processId, chosen, note);
      onDone(t.applied);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const marker = await staff.createMarker(name, color);
      setName("");
      await load();
      setChosen(marker.id);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <div className="br-card p-3 my-3" data-testid="marker-panel">
      <h2>{t.title}</h2>
      {current.length === 0 ? <p>{t.none}</p> : (
        <ul className="pm-links">
          {current.map((m) => (
            <li key={m.id}>
              <MarkerChip marker={m} /> {m.note}{" "}
              <button type="button" className="br-button secondary small" onClick={() =>
                staff.unmark(processId, m.id).then(() => onDone(t.removed))
                  .catch((e) => onError(e.message))}>{t.remove}</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={apply}>
        <div className="br-select mb-2">
          <label htmlFor="marker-choice">{t.marker}</label>
          <select id="marker-choice" value={chosen} required onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t.choose}</option>
            {markers.filter((m) => m.active).map((m) => (
              <option key={m.id} value={m.id}>{m.name} ({t.colors[m.color]})</option>
            ))}
          </select>
        </div>
        <div className="br-input mb-2">
          <label htmlFor="marker-note">{t.note}</label>
          <input id="marker-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button type="submit" className="br-button primary">{t.apply}</button>
      </form>
      <form className="mt-3" onSubmit={create}>
        <h3>{t.newMarker}</h3>
        <div className="br-input mb-2">
          <label htmlFor="marker-name">{t.name}</label>
          <input id="marker-name" value={name} required maxLength={60} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="br-select mb-2">
          <label htmlFor="marker-color">{t.color}</label>
          <select id="marker-color" value={color} onChange={(e) => setColor(e.target.value as MarkerColor)}>
            {Object.keys(MARKER_COLORS).map((c) => <option key={c} value={c}>{t.colors[c]}</option>)}
          </select>
        </div>
        <button type="submit" className="br-button secondary">{t.create}</button>
      </form>
      {markers.length > 0 && (
        <>
          <h3 className="mt-3">{t.manage}</h3>
          <ul className="pm-links" data-testid="unit-markers">
            {markers.map((m) => (
              <li key={m.id} className={m.active ? "" : "pm-inactive"}>
                <MarkerChip marker={m} />{" "}
                <button type="button" className="br-button secondary small" onClick={() =>
                  staff.updateMarker(m.id, { active: !m.active }).then(load)
                    .catch((e) => onError(e.message))}>
                  {m.active ? t.deactivate : t.activate}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
