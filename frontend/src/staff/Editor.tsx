import { lazy, Suspense } from "react";

import { processMessages } from "../i18n/process";

// Quill (and its CSS) is fetched the first time an editor is shown, never with the first
// page; this wrapper is what screens import.
const QuillEditor = lazy(() => import("./QuillEditor"));

/** Rich-text editor (Quill, loaded lazily). The server sanitises whatever it receives. */
export function Editor({ html, onChange }: { html: string; onChange: (html: string) => void }) {
  return (
    <Suspense fallback={<p role="status">{processMessages.viewer.editorLoading}</p>}>
      <QuillEditor html={html} onChange={onChange} />
    </Suspense>
  );
}
