// pdf.js rendering of a PDF in the page: a canvas per page with the text layer over it
// (selectable, found by the browser's search and by tests). Loaded lazily (with pdf.js
// and its worker, which Vite bundles as a file of its own). Pages are drawn again when
// the space for them changes much (a phone turned, a window resized).
import { GlobalWorkerOptions, getDocument, TextLayer } from "pdfjs-dist";
import type { PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { useEffect, useRef, useState } from "react";

import { processMessages } from "../i18n/process";

GlobalWorkerOptions.workerSrc = workerUrl;
const t = processMessages.viewer;
const MAX_PAGES = 200;
const STEP = 40; // px: narrower changes than this do not redraw

export default function PdfView({ url, title }: { url: string; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const box = host.current!;
    const measure = () => {
      const next = Math.max(260, Math.floor((box.clientWidth - 18) / STEP) * STEP);
      setWidth((previous) => (previous === next ? previous : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let cancelled = false;
    const task = { current: null as ReturnType<typeof getDocument> | null };
    (async () => {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = new Uint8Array(await response.arrayBuffer());
      task.current = getDocument({ data });
      const loaded = await task.current.promise;
      if (!cancelled) setPdf(loaded);
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
      task.current?.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (!pdf || !width) return;
    let cancelled = false;
    const container = host.current!;
    (async () => {
      for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES); n += 1) {
        const page = await pdf.getPage(n);
        if (cancelled) return;
        const scale = Math.min(width / page.getViewport({ scale: 1 }).width, 2);
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
        if (n === 1) container.replaceChildren(box);
        else container.append(box);
        await page.render({
          canvas,
          viewport,
          transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
        }).promise;
        await new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport })
          .render();
        if (cancelled) return;
        if (n === 1) setState("ready");
      }
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
    };
  }, [pdf, width]);

  return (
    <div className="pm-pdf" data-testid="pdf-view" aria-busy={state === "loading"}>
      {state === "loading" && <p role="status">{t.pdfLoading}</p>}
      {state === "failed" && <p role="alert">{t.pdfFailed}</p>}
      <div ref={host} className="pm-pdf-pages" aria-label={title} role="document" tabIndex={0}
        data-pages={pdf?.numPages ?? 0} data-state={state} />
    </div>
  );
}
