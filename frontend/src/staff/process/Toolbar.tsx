// One toolbar of icon buttons, grouped (documento / processo / tramitação), showing only
// the actions the server says the person may take now. Keyboard: one tab stop; the
// arrow keys, Home and End move between buttons (WAI-ARIA toolbar pattern).
import { type KeyboardEvent, useRef, useState } from "react";

import { processMessages } from "../../i18n/process";

const t = processMessages.toolbar;

export type ToolbarGroup = "document" | "process" | "dispatch";

export interface ToolbarAction {
  key: string;
  group: ToolbarGroup;
  label: string;
  onClick: () => void;
  pressed?: boolean;
}

export const ACTION_ICONS: Record<string, string> = {
  add_document: "fa-file-medical",
  upload_document: "fa-file-upload",
  sign: "fa-signature",
  cancel: "fa-ban",
  generate_pdf: "fa-file-pdf",
  assign: "fa-user-check",
  markers: "fa-tags",
  watch: "fa-eye",
  relate: "fa-link",
  annex: "fa-paperclip",
  suspend: "fa-pause-circle",
  resume: "fa-play-circle",
  send: "fa-paper-plane",
  send_external: "fa-globe-americas",
  send_document_external: "fa-share-square",
  conclude: "fa-check-circle",
  reopen: "fa-folder-open",
  grant_access: "fa-user-lock",
};

const ORDER: ToolbarGroup[] = ["document", "process", "dispatch"];

export function Toolbar({ actions }: { actions: ToolbarAction[] }) {
  const bar = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState(0);
  if (actions.length === 0) {
    return <p className="pm-toolbar-empty" data-testid="toolbar-empty">{t.none}</p>;
  }
  const ordered = ORDER.flatMap((g) => actions.filter((a) => a.group === g));
  const active = Math.min(current, ordered.length - 1);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = ordered.length - 1;
    const next = { ArrowRight: active + 1, ArrowDown: active + 1, ArrowLeft: active - 1,
      ArrowUp: active - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = next < 0 ? last : next > last ? 0 : next;
    setCurrent(index);
    bar.current?.querySelectorAll<HTMLButtonElement>("button")[index]?.focus();
  }

  let index = -1;
  return (
    <div ref={bar} className="pm-toolbar" role="toolbar" aria-label={t.label}
      data-testid="toolbar" onKeyDown={onKeyDown}>
      {ORDER.map((group) => {
        const items = ordered.filter((a) => a.group === group);
        if (items.length === 0) return null;
        return (
          <div key={group} className="pm-toolbar-group" role="group" aria-label={t.groups[group]}
            data-group={group}>
            <span className="pm-toolbar-group-label" aria-hidden="true">{t.groups[group]}</span>
            <div className="pm-toolbar-buttons">
              {items.map((a) => {
                index += 1;
                const mine = index;
                return (
                  <button key={a.key} type="button" className="br-button circle pm-tool"
                    aria-label={a.label} data-action={a.key} data-tooltip={a.label}
                    aria-pressed={a.pressed} tabIndex={mine === active ? 0 : -1}
                    onFocus={() => setCurrent(mine)} onClick={a.onClick}>
                    <i className={`fas ${ACTION_ICONS[a.key] ?? "fa-circle"}`} aria-hidden="true" />
                  </button>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
