import { type DragEvent, type ReactNode, type Ref, useEffect, useRef, useState } from "react";
import "./forms.css";

import { formatSize } from "../dates";
import { messages } from "../i18n/pt-BR";
import { describedBy } from "./Field";
import { ProgressBar } from "./ProgressBar";

const t = messages.upload;

export interface UploadProps {
  id: string;
  label: ReactNode;
  /** The chosen file (controlled); null when none. */
  file: File | null;
  onChange: (file: File | null) => void;
  accept?: string;
  /** Larger files are refused here, before a byte is sent. */
  maxBytes?: number;
  required?: boolean;
  disabled?: boolean;
  error?: string;
  hint?: ReactNode;
  /** 0–100 while sending (XMLHttpRequest upload progress); undefined when not sending. */
  progress?: number;
  name?: string;
  ref?: Ref<HTMLInputElement>;
}

function accepts(file: File, accept?: string): boolean {
  if (!accept) return true;
  const name = file.name.toLowerCase();
  return accept.split(",").map((a) => a.trim().toLowerCase()).some((rule) =>
    rule.startsWith(".") ? name.endsWith(rule)
      : rule.endsWith("/*") ? file.type.startsWith(rule.slice(0, -1))
        : file.type === rule);
}

/**
 * br-upload with the native file input VISIBLE (keyboard, screen readers and "choose a
 * file" all work, and it can be focused when empty), a drop area around it, the chosen
 * file's name and size, and a progress bar while it is being sent.
 */
export function Upload({ id, label, file, onChange, accept, maxBytes, required, disabled, error, hint, progress, name, ref }: UploadProps) {
  const input = useRef<HTMLInputElement | null>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState("");
  const shownError = localError || error;

  // Keep the native input in step with the controlled value (cleared from outside).
  useEffect(() => {
    if (!file && input.current) input.current.value = "";
  }, [file]);

  const choose = (chosen: File | null) => {
    setLocalError("");
    if (chosen && !accepts(chosen, accept)) {
      setLocalError(t.wrongType);
      if (input.current) input.current.value = "";
      onChange(null);
      return;
    }
    if (chosen && maxBytes && chosen.size > maxBytes) {
      setLocalError(t.tooLarge(formatSize(maxBytes)));
      if (input.current) input.current.value = "";
      onChange(null);
      return;
    }
    onChange(chosen);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files;
    if (!dropped.length) return;
    // The native input shows the dropped file too.
    try {
      if (input.current) input.current.files = dropped;
    } catch {
      /* older browsers: the list below still shows it */
    }
    choose(dropped[0]);
  };

  const sending = progress !== undefined;
  return (
    <div className={`br-upload pm-upload ${shownError ? "danger" : ""} ${dragging ? "dragging" : ""}`.trim()}>
      <label className="upload-label" htmlFor={id}>
        {label}
        {required && (
          <span className="pm-required">
            <span aria-hidden="true"> *</span>
            <span className="sr-only"> {messages.forms.requiredMark}</span>
          </span>
        )}
      </label>
      <div className="pm-upload-zone" data-testid={`${id}-zone`}
        onDragOver={(e) => { e.preventDefault(); if (!disabled) setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}>
        <i className="fas fa-cloud-upload-alt pm-upload-icon" aria-hidden="true"></i>
        <input
          id={id}
          name={name}
          ref={(el) => {
            input.current = el;
            if (typeof ref === "function") ref(el);
            else if (ref) (ref as { current: HTMLInputElement | null }).current = el;
          }}
          className="upload-input pm-upload-input"
          type="file"
          accept={accept}
          disabled={disabled || sending}
          aria-required={required || undefined}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={[`${id}-drop`, describedBy(id, { hint, error: shownError })].filter(Boolean).join(" ")}
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
        />
        <span className="pm-upload-help" id={`${id}-drop`}>{t.drop}</span>
      </div>
      {hint && <p className="pm-hint" id={`${id}-hint`}>{hint}</p>}
      {file && (
        <div className="upload-list">
          <div className="br-item pm-upload-item" data-testid="upload-chosen">
            <i className="fas fa-file-alt" aria-hidden="true"></i>
            <span className="pm-upload-name">
              <span className="sr-only">{t.chosen}: </span>
              {file.name}
            </span>
            <span className="pm-upload-size">{formatSize(file.size)}</span>
            {!sending && !disabled && (
              <button type="button" className="br-button circle small" aria-label={`${t.remove} ${file.name}`}
                onClick={() => { choose(null); input.current?.focus(); }}>
                <i className="fas fa-trash" aria-hidden="true"></i>
              </button>
            )}
          </div>
          {sending && <ProgressBar value={progress} label={t.progress} />}
        </div>
      )}
      {shownError && (
        <span className="feedback danger pm-feedback" role="alert" id={`${id}-error`}>
          <i className="fas fa-times-circle" aria-hidden="true"></i>
          {shownError}
        </span>
      )}
    </div>
  );
}
