import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import "./forms.css";

import { maskDate } from "../forms";
import { messages } from "../i18n/pt-BR";

/** Ids of a field's hint and error, for aria-describedby. */
export function describedBy(id: string, { hint, error }: { hint?: ReactNode; error?: string }) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  /** Our own pt-BR validation message (zod / the server), shown under the control. */
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  /** "br-input" (text, date, number) or "br-select" (a native select styled like one). */
  kind?: "br-input" | "br-select" | "br-textarea";
  children: ReactNode;
}

/** A labelled control in the gov.br Design System's shape: label above, the control, an
 * optional hint, and the error message (role=alert) the control is described by. */
export function Field({ id, label, error, hint, required, className, kind = "br-input", children }: FieldProps) {
  return (
    <div className={`${kind} pm-field ${error ? "danger" : ""} ${className ?? ""}`.trim()}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="pm-required">
            <span aria-hidden="true"> *</span>
            <span className="sr-only"> {messages.forms.requiredMark}</span>
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p className="pm-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <span className="feedback danger pm-feedback" role="alert" id={`${id}-error`}>
          <i className="fas fa-times-circle" aria-hidden="true"></i>
          {error}
        </span>
      )}
    </div>
  );
}

type Common = { id: string; label: ReactNode; error?: string; hint?: ReactNode; className?: string };

export function Input({ id, label, error, hint, className, required, ref, ...rest }:
  Common & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <Field id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <input id={id} ref={ref} type="text" {...rest}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })} />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

/** A native select (keyboard and screen readers know it) styled as br-select. */
export function Select({ id, label, error, hint, className, required, options, placeholder, ref, children, ...rest }:
  Common & SelectHTMLAttributes<HTMLSelectElement> & {
    options?: Option[];
    /** A first, empty option ("Escolha…"). */
    placeholder?: string;
    ref?: Ref<HTMLSelectElement>;
  }) {
  return (
    <Field id={id} label={label} error={error} hint={hint} required={required} className={className} kind="br-select">
      <div className="pm-select">
        <select id={id} ref={ref} {...rest}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint, error })}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options?.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>
          ))}
          {children}
        </select>
        <i className="fas fa-angle-down" aria-hidden="true"></i>
      </div>
    </Field>
  );
}

export function Textarea({ id, label, error, hint, className, required, ref, ...rest }:
  Common & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  return (
    <Field id={id} label={label} error={error} hint={hint} required={required} className={className} kind="br-textarea">
      <textarea id={id} ref={ref} {...rest}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })} />
    </Field>
  );
}

/** A br-checkbox: the box and its label side by side. */
export function Checkbox({ id, label, className, ref, ...rest }:
  { id: string; label: ReactNode; className?: string; ref?: Ref<HTMLInputElement> } &
  InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={`br-checkbox ${className ?? ""}`.trim()}>
      <input id={id} ref={ref} type="checkbox" {...rest} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A date typed as dd/mm/aaaa (slashes added while typing), the same in every browser. */
export function DateInput({ onChange, hint, ...rest }:
  Common & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <Input {...rest} hint={hint ?? messages.forms.dateHint} inputMode="numeric" maxLength={10}
      autoComplete="off" placeholder="dd/mm/aaaa"
      onChange={(e) => {
        e.target.value = maskDate(e.target.value);
        onChange?.(e);
      }} />
  );
}
