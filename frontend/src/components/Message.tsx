import { type ReactNode, useEffect, useRef } from "react";

import { messages } from "../i18n/pt-BR";

const ICONS = {
  danger: "fa-times-circle",
  success: "fa-check-circle",
  info: "fa-info-circle",
  warning: "fa-exclamation-triangle",
};

export type MessageKind = keyof typeof ICONS;

/**
 * A br-message. With `focus`, it is scrolled into view and focused when it appears (or
 * its text changes), so a message about an action is seen next to that action even on a
 * long page; screen readers announce it (alert for errors, status otherwise).
 */
export function Message({ kind, children, focus, onClose, testId }: {
  kind: MessageKind;
  children: ReactNode;
  focus?: boolean;
  onClose?: () => void;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const text = typeof children === "string" ? children : "";
  useEffect(() => {
    if (!focus || !box.current) return;
    box.current.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
    box.current.focus({ preventScroll: true });
  }, [focus, kind, text]);
  return (
    <div ref={box} className={`br-message ${kind}`} role={kind === "danger" ? "alert" : "status"}
      tabIndex={focus ? -1 : undefined} data-testid={testId}>
      <div className="icon">
        <i className={`fas ${ICONS[kind]} fa-lg`} aria-hidden="true"></i>
      </div>
      <div className="content">{children}</div>
      {onClose && (
        <div className="close">
          <button className="br-button circle small" type="button" aria-label={messages.forms.close} onClick={onClose}>
            <i className="fas fa-times" aria-hidden="true"></i>
          </button>
        </div>
      )}
    </div>
  );
}

/** One message per place: a new one replaces the old (no stale error beside a success). */
export interface Notice {
  kind: MessageKind;
  text: string;
}

export function NoticeView({ notice, onClose }: { notice: Notice | null; onClose?: () => void }) {
  if (!notice) return null;
  return (
    <Message kind={notice.kind} focus onClose={onClose}>
      {notice.text}
    </Message>
  );
}
