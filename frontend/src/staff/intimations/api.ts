// The staff side of intimação eletrônica and peticionamento (citizens/api/intimation_views.py).
import { api } from "../../api";

export interface DocumentRef { id: string; label: string }

export interface RecipientState {
  id: string;
  name: string;
  person: string;
  state: number;
  state_label: string;
  tacit_date: string;
  fulfilled_at: string | null;
  fulfilled_on: string | null;
  response_due: string | null;
  can_respond: boolean;
  certificate: { kind: string; fulfilled_at: string; document: DocumentRef | null } | null;
  response: { committed_at: string; receipt_document: DocumentRef | null } | null;
}

export interface IntimationData {
  id: string;
  process: { id: string; number: string };
  unit: string;
  kind: string;
  purpose: string;
  facts_and_grounds: string;
  attendance: string;
  representation_allowed: boolean;
  response_mode: "none" | "optional" | "required";
  response_deadline: { n: number; unit: string; kind: string } | null;
  issued_at: string;
  expedition_date: string;
}

export interface ProcessIntimation extends IntimationData {
  document: DocumentRef;
  annexes: DocumentRef[];
  recipients: RecipientState[];
}

export interface EligibleRecipient {
  document: string;
  masked: string;
  name: string;
  kind: string;
  adhered: boolean;
  /** Principals this party was already intimated on (never twice). */
  intimated_on: string[];
}

export interface ProcessPetition {
  id: string;
  kind: string;
  kind_label: string;
  committed_at: string;
  unit: string;
  signer: string;
  receipt_sha256: string;
  receipt_document: DocumentRef | null;
}

export interface PendingRow {
  id: string;
  intimation: IntimationData;
  name: string;
  state: number;
  state_label: string;
  tacit_date: string;
  response_due: string | null;
}

export type IssueBody = {
  document: string;
  annexes: string[];
  recipients: string[];
  kind: string;
  purpose: string;
  facts_and_grounds: string;
  attendance: string;
  representation_allowed: boolean;
  response_mode: string;
  response_n: number | null;
  response_unit: string;
  response_kind: string;
};

export const intimationsApi = {
  list: (processId: string) =>
    api<ProcessIntimation[]>("GET", `/api/v1/processes/${processId}/intimations/`),
  recipients: (processId: string) =>
    api<EligibleRecipient[]>("GET", `/api/v1/processes/${processId}/intimation-recipients/`),
  issue: (processId: string, body: IssueBody) =>
    api<ProcessIntimation>("POST", `/api/v1/processes/${processId}/intimations/`, body),
  petitions: (processId: string) =>
    api<ProcessPetition[]>("GET", `/api/v1/processes/${processId}/petitions/`),
  pending: () => api<PendingRow[]>("GET", "/api/v1/intimations/pending/"),
  contentUrl: (documentId: string) => `/api/v1/documents/${documentId}/content/`,
};
