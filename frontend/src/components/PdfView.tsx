// pdf.js rendering of a PDF in the page: a canvas per page with the text layer over it
// (selectable, found by the browser's search and by tests). Loaded lazily (with pdf.js
// and its worker, which Vite bundles as a file of its own).
import { GlobalWorkerOptions, getDocument, TextLayer } from "pdfjs-dist";
import type { PDFDocumentLoadingTask } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { useEffect, useRef, useState } from "react";

import { processMessages } from "../i18n/process";

GlobalWorkerOptions.workerSrc = workerUrl;
const t = processMessages.viewer;
const MAX_PAGES = 200;

export default function PdfView({ url, title }: { url: string; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [pages, setPages] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let task: PDFDocumentLoadingTask | null = null;
    const container = host.current!;
    container.replaceChildren();
    (async () => {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = new Uint8Array(await response.arrayBuffer());
      task = getDocument({ data });
      const pdf = await task.promise;
      if (cancelled) return;
      setPages(pdf.numPages);
      const width = Math.max(280, container.clientWidth - 2);
      for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES); n += 1) {
        const page = await pdf.getPage(n);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        const scale = Math.min(width / base.width, 2);
        const viewport = page.getViewport({ scale });
        const box = document.createElement("div");
        box.className = "pm-pdf-page";
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", t.pdfPage(n, pdf.numPages));
        box.style.setProperty("--total-scale-factor", String(scale));
        box.style.width = `${Math.floor(viewport.width)}px`;
        box.style.height = `${Math.floor(viewport.height)}px`;
        const canvas = document.createElement("canvas");
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        canvas.setAttribute("aria-hidden", "true");
        const text = document.createElement("div");
        text.className = "textLayer";
        box.append(canvas, text);
        container.append(box);
        await page.render({
          canvas,
          viewport,
          transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
        }).promise;
        await new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport })
          .render();
        if (n === 1 && !cancelled) setState("ready");
      }
      if (!cancelled) setState("ready");
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
      task?.destroy();
    };
  }, [url]);

  return (
    <div className="pm-pdf" data-testid="pdf-view" aria-busy={state === "loading"}>
      {state === "loading" && <p role="status">{t.pdfLoading}</p>}
      {state === "failed" && <p role="alert">{t.pdfFailed}</p>}
      <div ref={host} className="pm-pdf-pages" aria-label={title} role="document"
        data-pages={pages} data-state={state} />
    </div>
  );
}
