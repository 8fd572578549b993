import "quill/dist/quill.snow.css";

import Quill from "quill";
import { useEffect, useRef } from "react";

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
