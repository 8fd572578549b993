// The citizen API (/api/v1/citizen/… on a city host, /api/v1/citizen/municipalities/ on
// the state host).
import { api, uploadWithProgress } from "../api";

export interface CitizenMe {
  name: string;
  cpf_masked: string;
  role: "staff" | "citizen";
  trust_level: string | null;
  allowed: Record<string, boolean>;
  upgrade_url: string;
  /** The city's decree admits the simple signature (else every filing is avançada). */
  simple_signature_allowed?: boolean;
}

export interface ProcessRow {
  id: string;
  number: string;
  process_type: string;
  summary: string | null;
  access_level: string;
  open_units: string[];
  last_event: string | null;
  last_event_at: string | null;
  created_at: string;
}

export interface CitizenDocument {
  id: string;
  title: string;
  kind: "internal" | "external";
  access_level: string;
  filed_by_me: boolean;
  file_name: string | null;
  size: number | null;
  sha256: string | null;
  created_at: string;
}

export interface ProcessDetail extends ProcessRow {
  parties: { name: string; kind: string }[];
  documents: CitizenDocument[];
}

export interface PetitionType {
  id: string;
  process_type: { id: string; name: string };
  unit: { id: string; acronym: string; name: string };
  guidance: string;
  access_rule: "citizen" | "fixed";
  fixed_access_level: string;
  fixed_legal_basis?: string | null;
  requires_advanced?: boolean;
  max_file_mb: number;
  formats: Record<string, string>;
  documents: { document_type: { id: string; name: string }; required: boolean; access_level: string | null }[];
}

export interface Staged { id: string; name: string; size: number; sha256: string }

export interface ReceiptJson {
  nup: string;
  recebido_em_utc: string;
  unidade: { sigla: string; nome: string };
  tipo_processo: string;
  signatario: {
    nome: string; cpf: string; nivel_govbr: string; assinatura: string;
    assinatura_descricao?: string; manifesto_sha256?: string;
  };
  documentos: { id: string; numero: number; tipo: string; nivel_acesso: string; arquivo: string; tamanho: number; sha256: string }[];
}

export interface Petition {
  id: string;
  kind: string;
  process: { id: string; number: string };
  unit: string;
  committed_at: string;
  receipt: ReceiptJson;
  receipt_sha256: string;
  receipt_pdf: string;
}

export interface IntimationRow {
  id: string;
  intimation: {
    id: string; process: { id: string; number: string }; unit: string; kind: string; purpose: string;
    facts_and_grounds?: string; attendance?: string; representation_allowed?: boolean;
    response_mode?: "none" | "optional" | "required";
  };
  destinatario?: string;
  state: number;
  state_label: string;
  tacit_date: string | null;
  fulfilled_on?: string | null;
  response_due: string | null;
  can_respond: boolean;
  confirmation_text: string;
}

export interface Adhesion { person: string; since: string }
export interface Notice { kind: string; text: string; intimation: string; process: string; created_at: string }
export interface ProcessRef { id: string; number: string }

export interface RepresentationAct {
  kind: "linked" | "granted" | "revoked" | "renounced";
  label: string;
  at: string;
  document: string;
  receipt_document: string;
  receipt_sha256: string;
}

export interface Representation {
  id: string;
  grantor: string;
  grantor_name: string;
  grantor_is_company: boolean;
  grantee: string;
  grantee_name: string;
  kind: "L" | "E" | "S";
  kind_label: string;
  powers: string[];
  valid_from: string;
  valid_until: string | null;
  scope: "all" | string[];
  scope_processes: ProcessRef[];
  state: string;
  state_code: string;
  active: boolean;
  expired: boolean;
  acts: RepresentationAct[];
  processes?: string[];
  reached_processes?: ProcessRef[];
}

export interface Company {
  cnpj: string;
  cnpj_formatted: string;
  name: string;
}

export interface Companies {
  represented: (Company & { kind: "L" | "E"; kind_label: string; since: string })[];
  from_govbr: (Company & { role: string; legal: boolean; linked: boolean })[];
}

export type GrantBody = {
  grantor?: string;
  grantee_cpf: string;
  grantee_name: string;
  kind: "S" | "E";
  powers: string[];
  valid_until: string | null;
  process_ids: string[];
};

export interface LinkRequest {
  id: string;
  cnpj: string;
  company_name: string;
  requester: string;
  requester_cpf: string;
  state: "pending" | "approved" | "refused";
  state_label: string;
  reason: string;
  process: ProcessRef;
  created_at: string;
  reviewed_at: string | null;
}

/** A filing that needs the advanced signature: the browser goes to gov.br (202). */
export interface SigningStarted {
  signature: "avancada";
  id: string;
  authorize_url: string;
  reasons: string[];
}

export type Filed = Petition | SigningStarted;

export interface FilingOptions {
  document_types: { id: string; name: string }[];
  legal_bases: { id: string; name: string }[];
}

export interface CityRow { name: string; slug: string; processes: number; url: string }

export const citizen = {
  me: () => api<CitizenMe>("GET", "/api/v1/citizen/me/"),
  processes: (as?: string) => api<{ results: ProcessRow[] }>(
    "GET", `/api/v1/citizen/processes/${as ? `?${new URLSearchParams({ as })}` : ""}`),
  process: (id: string) => api<ProcessDetail>("GET", `/api/v1/citizen/processes/${id}/`),
  contentUrl: (id: string) => `/api/v1/citizen/documents/${id}/content/`,
  actUrl: (id: string) => `/api/v1/citizen/representation-documents/${id}/content/`,
  petitionTypes: () => api<PetitionType[]>("GET", "/api/v1/citizen/petition-types/"),
  stage: (typeId: string, file: File, accessLevel: string, onProgress: (p: number) => void) =>
    uploadWithProgress<Staged>(
      `/api/v1/citizen/uploads/?${new URLSearchParams({ petition_type: typeId, filename: file.name, access_level: accessLevel })}`,
      file, { onProgress }),
  file: (body: Record<string, unknown>) => api<Filed>("POST", "/api/v1/citizen/petitions/", body),
  /** A file for an existing process (intercorrente, resposta): any accepted format. */
  stageOpen: (file: File, accessLevel: string, onProgress: (p: number) => void) =>
    uploadWithProgress<Staged>(
      `/api/v1/citizen/uploads/?${new URLSearchParams({ filename: file.name, access_level: accessLevel })}`,
      file, { onProgress }),
  intercurrent: (body: Record<string, unknown>) => api<Filed>("POST", "/api/v1/citizen/intercurrent/", body),
  /** Resposta a intimação: `{idempotency_key, documents, sign}`; 202 when avançada. */
  respond: (recipientId: string, body: Record<string, unknown>) =>
    api<Filed>("POST", `/api/v1/citizen/intimations/${recipientId}/respond/`, body),
  filingOptions: () => api<FilingOptions>("GET", "/api/v1/citizen/filing-options/"),
  completeSigning: (body: { state: string; code: string; error: string }) =>
    api<Petition>("POST", "/api/v1/citizen/signatures/complete/", body),
  restartSigning: (id: string) => api<Filed>("POST", `/api/v1/citizen/signatures/${id}/restart/`),
  receipts: () => api<{ results: Petition[] }>("GET", "/api/v1/citizen/receipts/"),
  receipt: (id: string) => api<Petition>("GET", `/api/v1/citizen/receipts/${id}/`),
  intimations: () => api<{ results: IntimationRow[] }>("GET", "/api/v1/citizen/intimations/"),
  consult: (id: string) => api<IntimationRow & { documents: string[] }>(
    "POST", `/api/v1/citizen/intimations/${id}/consult/`, { confirm: true }),
  adhesions: () => api<Adhesion[]>("GET", "/api/v1/citizen/adhesion/"),
  adhere: () => api<Adhesion>("POST", "/api/v1/citizen/adhesion/", {}),
  notices: () => api<{ results: Notice[] }>("GET", "/api/v1/citizen/notices/"),
  representations: () => api<{ granted: Representation[]; received: Representation[] }>(
    "GET", "/api/v1/citizen/representations/"),
  grant: (body: GrantBody) => api<Representation>("POST", "/api/v1/citizen/representations/", body),
  revoke: (id: string) => api<Representation>("POST", `/api/v1/citizen/representations/${id}/revoke/`),
  renounce: (id: string) => api<Representation>("POST", `/api/v1/citizen/representations/${id}/renounce/`),
  companies: () => api<Companies>("GET", "/api/v1/citizen/companies/"),
  link: (cnpj: string) => api<Representation>("POST", "/api/v1/citizen/companies/link/", { cnpj }),
  linkRequests: () => api<{ results: LinkRequest[] }>("GET", "/api/v1/citizen/company-link-requests/"),
  requestLink: (body: { cnpj: string; company_name: string; uploads: string[] }) =>
    api<LinkRequest>("POST", "/api/v1/citizen/company-link-requests/", body),
  staffLinkRequests: () => api<{ results: LinkRequest[] }>("GET", "/api/v1/company-link-requests/"),
  reviewLink: (id: string, approve: boolean, reason = "") =>
    api<LinkRequest>("POST", `/api/v1/company-link-requests/${id}/${approve ? "approve" : "refuse"}/`, { reason }),
  municipalities: () => api<{ results: CityRow[] }>("GET", "/api/v1/citizen/municipalities/"),
};
