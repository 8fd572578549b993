import { type ReactNode, useEffect, useId, useRef } from "react";
import "./forms.css";

import { messages } from "../i18n/pt-BR";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A br-modal dialog: labelled by its title, focus moved into it and kept there (Tab and
 * Shift+Tab cycle inside), Esc closes, focus goes back where it was when it closes.
 */
export function Dialog({ title, onClose, children, footer, testId, size = "medium", closeButton = false }: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom (br-modal-footer). */
  footer?: ReactNode;
  testId?: string;
  size?: "small" | "medium" | "large";
  /** An "X" (Fechar) in the header, for dialogs without their own way out. */
  closeButton?: boolean;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const focusables = () =>
      Array.from(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter(
        (el) => !el.closest("[hidden]"),
      );
    // The first field, else the first button that is not "close", else the dialog.
    const first =
      box.current?.querySelector<HTMLElement>("input:not([disabled]), select, textarea") ??
      focusables().find((el) => !el.dataset.dialogClose) ??
      box.current;
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        close.current();
        return;
      }
      if (event.key !== "Tab") return;
      const items = focusables();
      if (!items.length) {
        event.preventDefault();
        return;
      }
      const head = items[0];
      const tail = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === head || !box.current?.contains(active))) {
        event.preventDefault();
        tail.focus();
      } else if (!event.shiftKey && (active === tail || !box.current?.contains(active))) {
        event.preventDefault();
        head.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="pm-scrim" onMouseDown={(e) => { if (e.target === e.currentTarget) close.current(); }}>
      <div ref={box} className={`br-modal pm-dialog pm-dialog-${size}`} role="dialog" aria-modal="true"
        aria-labelledby={titleId} data-testid={testId} tabIndex={-1}>
        <div className="br-modal-header pm-dialog-header">
          <h2 id={titleId} className="pm-dialog-title">{title}</h2>
          {closeButton && (
            <button type="button" className="br-button circle small" data-dialog-close="1"
              aria-label={messages.forms.close} onClick={() => close.current()}>
              <i className="fas fa-times" aria-hidden="true"></i>
            </button>
          )}
        </div>
        <div className="br-modal-body">{children}</div>
        {footer && <div className="br-modal-footer pm-dialog-footer">{footer}</div>}
      </div>
    </div>
  );
}

/** "Are you sure?": a question, then Back and Confirm (Esc = Back). */
export function ConfirmDialog({ title, question, confirm = messages.forms.confirm, back = messages.forms.back, busy, danger, error, onConfirm, onClose, children }: {
  title: string;
  question: ReactNode;
  confirm?: string;
  back?: string;
  busy?: boolean;
  /** The action cannot be undone: the confirm button is red. */
  danger?: boolean;
  /** The server's refusal, shown inside the dialog. */
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose} testId="confirm-dialog" size="small"
      footer={
        <>
          <button type="button" className="br-button secondary" onClick={onClose}>{back}</button>
          <button type="button" className={`br-button primary ${danger ? "pm-danger" : ""}`.trim()}
            disabled={busy} onClick={onConfirm}>
            {confirm}
          </button>
        </>
      }>
      <p>{question}</p>
      {children}
      {error && (
        <div className="br-message danger" role="alert">
          <div className="icon"><i className="fas fa-times-circle fa-lg" aria-hidden="true"></i></div>
          <div className="content">{error}</div>
        </div>
      )}
    </Dialog>
  );
}
