// The signature blocks API (blocos de assinatura) and the municipality's signing
// defaults (signatures/api/blocks.py).
import { api } from "../api";
import type { SignatureWithLevel } from "./api";

export type BlockState = "open" | "available" | "returned" | "concluded";
export type BlockAction = "add_documents" | "remove_document" | "make_available" | "cancel_availability"
  | "sign" | "annotate" | "return" | "conclude";

export interface UnitRef { id: string; acronym: string; name: string }

export interface BlockRow {
  id: string;
  number: number;
  description: string;
  state: BlockState;
  state_label: string;
  unit: UnitRef;
  generated: boolean;
  recipients: UnitRef[];
  document_count: number | null;
  created_at: string;
  updated_at: string;
}

export interface BlockDocument {
  id: string;
  title: string;
  document_type: string;
  description: string;
  unit: string;
  process: { id: string; number: string };
  state: "draft" | "signed" | "cancelled";
  signed_by_me: boolean;
  minimum_level: string;
  minimum_level_label: string;
  signatures: SignatureWithLevel[];
}

export interface Block extends Omit<BlockRow, "recipients"> {
  recipients: (UnitRef & { note: string })[];
  documents: BlockDocument[];
  events: { action: string; description: string; unit: string; created_at: string }[];
  allowed_actions: BlockAction[];
  received: boolean;
  to_sign: number;
}

export interface SigningDefaults {
  password_allowed: boolean;
  advanced_default: boolean;
  advanced_available: boolean;
  /** The qualified signature (ICP-Brasil cloud certificate through the ITI). */
  qualified_available?: boolean;
}

const base = "/api/v1/signature-blocks/";

export const blocks = {
  list: (kind: "generated" | "received", states = "") =>
    api<BlockRow[]>("GET", `${base}?${new URLSearchParams({ kind, ...(states ? { state: states } : {}) })}`),
  create: (description: string) => api<Block>("POST", base, { description }),
  get: (id: string) => api<Block>("GET", `${base}${id}/`),
  add: (id: string, documents: string[]) => api<Block>("POST", `${base}${id}/documents/`, { documents }),
  remove: (id: string, document: string) => api<Block>("DELETE", `${base}${id}/documents/${document}/`),
  contentUrl: (id: string, document: string) => `${base}${id}/documents/${document}/content/`,
  makeAvailable: (id: string, units: string[]) => api<Block>("POST", `${base}${id}/make-available/`, { units }),
  cancelAvailability: (id: string) => api<Block>("POST", `${base}${id}/cancel-availability/`),
  annotate: (id: string, note: string) => api<Block>("POST", `${base}${id}/note/`, { note }),
  giveBack: (id: string, note: string) => api<Block>("POST", `${base}${id}/return/`, { note }),
  conclude: (id: string) => api<Block>("POST", `${base}${id}/conclude/`),
  sign: (id: string, password: string, role: string, method: "password" | "govbr" = "password") =>
    api<{ signatures: unknown[]; block: Block }>("POST", `${base}${id}/sign/`, { password, role, method }),
  signGovbr: (id: string, role: string, returnPath: string,
    level: "advanced" | "qualified" = "advanced") =>
    api<{ id: string; authorize_url: string }>("POST", `${base}${id}/sign/govbr/`,
      { role, return_path: returnPath, level }),
  defaults: () => api<SigningDefaults>("GET", "/api/v1/signature-settings/"),
  setDefaults: (body: { advanced_default: boolean; password_allowed: boolean }) =>
    api<SigningDefaults>("PUT", "/api/v1/signature-settings/", body),
};
