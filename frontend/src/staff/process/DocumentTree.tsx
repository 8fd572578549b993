import { formatDate } from "../../dates";
import { processMessages } from "../../i18n/process";
import type { DocumentState, TreeDocument } from "./types";

const t = processMessages.tree;

const ICONS: Record<DocumentState, string> = {
  signed: "fa-file-signature",
  draft: "fa-file-alt",
  external: "fa-paperclip",
  cancelled: "fa-ban",
};

/** The process tree: every document with its type and number, date and state. */
export function DocumentTree({ documents, selected, onSelect }: {
  documents: TreeDocument[]; selected: string | null; onSelect: (id: string) => void;
}) {
  return (
    <nav className="pm-tree" aria-label={t.label} data-testid="tree">
      {documents.length === 0 ? <p>{t.empty}</p> : (
        <ol>
          {documents.map((d) => {
            const state = d.state ?? (d.kind === "external" ? "external" : d.signed ? "signed" : "draft");
            return (
              <li key={d.id} data-state={state}>
                <button type="button" className={d.id === selected ? "active" : ""}
                  aria-current={d.id === selected ? "true" : undefined}
                  data-testid="tree-item" onClick={() => onSelect(d.id)}>
                  <i className={`fas ${ICONS[state]} pm-tree-icon pm-state-${state}`}
                    title={t.states[state]} aria-hidden="true" />
                  <span className="pm-tree-text">
                    <span className="pm-tree-label">{d.label ?? d.title}</span>
                    <span className="sr-only"> ({t.states[state]})</span>
                    <span className="pm-tree-date">{formatDate(d.date ?? d.created_at)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </nav>
  );
}
