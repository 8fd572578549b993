import "quill/dist/quill.snow.css";

import Quill from "quill";
import { useEffect, useRef } from "react";

// Quill's toolbar has icons only: every control gets a pt-BR name (screen readers, axe).
const LABELS: [string, string][] = [
  ["button.ql-bold", "Negrito"],
  ["button.ql-italic", "Itálico"],
  ["button.ql-underline", "Sublinhado"],
  ["button.ql-list[value=ordered]", "Lista numerada"],
  ["button.ql-list[value=bullet]", "Lista com marcadores"],
  ["button.ql-clean", "Limpar formatação"],
  [".ql-header .ql-picker-label", "Estilo do parágrafo"],
  [".ql-header .ql-picker-item[data-value='1']", "Título 1"],
  [".ql-header .ql-picker-item[data-value='2']", "Título 2"],
  [".ql-header .ql-picker-item[data-value='3']", "Título 3"],
  [".ql-header .ql-picker-item:not([data-value])", "Texto normal"],
  [".ql-align .ql-picker-label", "Alinhamento"],
  [".ql-align .ql-picker-item:not([data-value])", "Alinhar à esquerda"],
  [".ql-align .ql-picker-item[data-value=center]", "Centralizar"],
  [".ql-align .ql-picker-item[data-value=right]", "Alinhar à direita"],
  [".ql-align .ql-picker-item[data-value=justify]", "Justificar"],
];

function nameControls(root: HTMLElement) {
  for (const [selector, label] of LABELS) {
    root.querySelectorAll(selector).forEach((el) => {
      el.setAttribute("aria-label", label);
      el.setAttribute("title", label);
    });
  }
  root.querySelector(".ql-toolbar")?.setAttribute("role", "toolbar");
  root.querySelector(".ql-toolbar")?.setAttribute("aria-label", "Formatação do texto");
  const editor = root.querySelector(".ql-editor");
  editor?.setAttribute("aria-label", "Texto do documento");
  editor?.setAttribute("aria-multiline", "true");
  editor?.setAttribute("role", "textbox");
}

/** Rich-text editor (Quill). The server sanitises whatever it receives. Loaded lazily
 * through `Editor` (./Editor.tsx), so Quill is not part of the first page. */
export default function QuillEditor({ html, onChange }: { html: string; onChange: (html: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const container = document.createElement("div");
    host.current.replaceChildren(container);
    const quill = new Quill(container, {
      theme: "snow",
      modules: {
        toolbar: [
          [{ header: [1, 2, 3, false] }],
          ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }],
          [{ align: [] }],
          ["clean"],
        ],
      },
    });
    nameControls(host.current);
    quill.clipboard.dangerouslyPasteHTML(html);
    quill.on("text-change", () => changed.current(quill.getSemanticHTML()));
    return () => {
      host.current?.replaceChildren();
    };
    // The editor is created once per document; later `html` changes come from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={host} className="pm-editor" data-testid="editor" />;
}
