import { type ReactNode, useEffect, useRef } from "react";

/** Portuguese names for Quill's toolbar (its pickers have none, its buttons English). */
const NAMES: [string, string][] = [
  [".ql-header .ql-picker-label", "Estilo do parágrafo"],
  [".ql-align .ql-picker-label", "Alinhamento"],
  [".ql-color .ql-picker-label", "Cor do texto"],
  [".ql-background .ql-picker-label", "Cor de fundo"],
  [".ql-font .ql-picker-label", "Fonte"],
  [".ql-size .ql-picker-label", "Tamanho"],
  ["button.ql-bold", "Negrito"],
  ["button.ql-italic", "Itálico"],
  ["button.ql-underline", "Sublinhado"],
  ["button.ql-strike", "Tachado"],
  ['button.ql-list[value="ordered"]', "Lista numerada"],
  ['button.ql-list[value="bullet"]', "Lista com marcadores"],
  ['button.ql-indent[value="+1"]', "Aumentar recuo"],
  ['button.ql-indent[value="-1"]', "Diminuir recuo"],
  ["button.ql-link", "Link"],
  ["button.ql-clean", "Limpar formatação"],
];

export function labelQuillToolbar(root: ParentNode) {
  for (const [selector, name] of NAMES) {
    root.querySelectorAll<HTMLElement>(selector).forEach((el) => {
      if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
    });
  }
}

/** Wraps a Quill editor and names its toolbar controls in Portuguese (for screen
 * readers and axe), also when Quill builds the toolbar after mounting. */
export function QuillLabels({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const root = box.current;
    labelQuillToolbar(root);
    const observer = new MutationObserver(() => labelQuillToolbar(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return <div ref={box}>{children}</div>;
}
