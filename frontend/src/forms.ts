/**
 * Validation with our own pt-BR messages (zod schemas, checked by react-hook-form through
 * @hookform/resolvers). Forms use `noValidate`, so the browser never shows its own
 * (English) tooltips; these messages appear under the field, which is described by them.
 */
import { z } from "zod";

import { parseDate } from "./dates";
import { messages } from "./i18n/pt-BR";

const m = messages.forms;

/** A required text: trimmed, not empty. */
export const requiredText = (message: string = m.required) => z.string().trim().min(1, message);

/** A required choice in a select (its empty first option does not count). */
export const requiredChoice = (message: string = m.choose) => z.string().min(1, message);

export const optionalText = () => z.string().trim();

/** Brazilian CPF check digits (11 digits, any punctuation). */
export function isValidCpf(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (digits.length !== 11 || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += Number(digits[i]) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

export const cpf = (required: string = m.required) =>
  z.string().trim().min(1, required).refine(isValidCpf, m.cpfInvalid);

export const email = () => z.string().trim().min(1, m.required).email(m.emailInvalid);

export const optionalEmail = () =>
  z.string().trim().refine((v) => v === "" || z.string().email().safeParse(v).success, m.emailInvalid);

/** A date typed as dd/mm/aaaa, or the value of an <input type="date"> (aaaa-mm-dd). */
export const dateText = (required = true) =>
  z.string().trim().superRefine((v, ctx) => {
    if (v === "") {
      if (required) ctx.addIssue({ code: "custom", message: m.required });
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) && parseDate(v) === null) {
      ctx.addIssue({ code: "custom", message: m.dateInvalid });
    }
  });

/** "529.982.247-25" as the user types it, from the digits. */
export function maskCpf(value: string): string {
  const d = value.replace(/\D/g, "").slice(0, 11);
  return d
    .replace(/^(\d{3})(\d)/, "$1.$2")
    .replace(/^(\d{3})\.(\d{3})(\d)/, "$1.$2.$3")
    .replace(/\.(\d{3})(\d)/, ".$1-$2");
}

/** "10122026" → "10/12/2026" as the user types a date. */
export function maskDate(value: string): string {
  const d = value.replace(/\D/g, "").slice(0, 8);
  if (d.length <= 2) return d;
  if (d.length <= 4) return `${d.slice(0, 2)}/${d.slice(2)}`;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}

/** A date field's text (dd/mm/aaaa, or already aaaa-mm-dd) → aaaa-mm-dd for the API. */
export function toIsoDate(text: string): string {
  const v = text.trim();
  if (!v) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return parseDate(v) ?? v;
}

/** DRF's field errors ({"name": ["Já existe…"]}) of an API refusal, one message each. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const body = (error as { body?: unknown } | null)?.body;
  const out: Record<string, string> = {};
  if (body && typeof body === "object") {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (Array.isArray(value) && typeof value[0] === "string") out[key] = value[0];
      else if (typeof value === "string" && key !== "detail" && key !== "code") out[key] = value;
    }
  }
  return out;
}
