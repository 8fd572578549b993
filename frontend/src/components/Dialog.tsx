import { useEffect, useId, useRef } from "react";

/** A modal dialog: labelled by its title, closed with Esc, focus moved into it. */
export function Dialog({ title, onClose, children, testId }: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>("input, select, button, textarea")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close.current();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="pm-scrim">
      <div ref={box} className="br-modal pm-dialog" role="dialog" aria-modal="true"
        aria-labelledby={titleId} data-testid={testId}>
        <div className="br-modal-header">
          <h2 id={titleId} className="pm-dialog-title">{title}</h2>
        </div>
        <div className="br-modal-body">{children}</div>
      </div>
    </div>
  );
}

/** "Are you sure?": a question, Confirm and Back. */
export function ConfirmDialog({ title, question, confirm, back, busy, onConfirm, onClose }: {
  title: string;
  question: string;
  confirm: string;
  back: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose} testId="confirm-dialog">
      <p>{question}</p>
      <div className="pm-actions">
        <button type="button" className="br-button secondary" onClick={onClose}>{back}</button>
        <button type="button" className="br-button primary" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}
