// The process screen's view of the API (docs: /api/v1/processes/<id>/ and
// /api/v1/documents/<id>/ with `allowed_actions`, `state`, `label`…: issue 15's contract).
import type { DocumentDetail, DocumentItem, ProcessDetail } from "../api";

/** Process-level actions the person may take now (computed by the server). */
export type ProcessAction =
  | "add_document"
  | "upload_document"
  | "send"
  | "conclude"
  | "reopen"
  | "assign"
  | "suspend"
  | "resume"
  | "relate"
  | "annex"
  | "send_external"
  | "markers"
  | "watch"
  | "generate_pdf"
  | "grant_access";

/** Document-level actions on one document. */
export type DocumentAction = "view" | "edit" | "sign" | "cancel" | "download" | "send_external";

export type DocumentState = "draft" | "signed" | "external" | "cancelled";

export interface DocumentFacts {
  /** "Ofício nº 3/2026", or the type/description of an external document. */
  label: string;
  state: DocumentState;
  /** False for another unit's unsigned draft: listed, content not served. */
  content_available: boolean;
  allowed_actions: DocumentAction[];
  /** ISO date: the document's date (external) or the day it was created (internal). */
  date: string;
}

export type TreeDocument = DocumentItem & DocumentFacts;
export type ViewedDocument = DocumentDetail & DocumentFacts;

export interface Unit {
  id: string;
  acronym: string;
  name: string;
}

export interface ProcessScreen extends Omit<ProcessDetail, "documents"> {
  allowed_actions: ProcessAction[];
  open_units: Unit[];
  documents: TreeDocument[];
}
