import { api } from "../api";

/** The Tramita GOV.BR connector: types, calls and the small pure helpers of its screens. */

export interface Repository {
  id: number;
  nome: string;
  ativo: boolean;
}

export interface Structure {
  numeroDeIdentificacaoDaEstrutura: string;
  nome: string;
  sigla: string;
  ativo: boolean;
  aptoParaReceberTramites: boolean;
  hierarquia?: { sigla: string; nome: string }[] | null;
}

export interface StructurePage {
  totalDeRegistros: number;
  estruturas: Structure[];
}

export type EnvelopeStatus =
  | "queued"
  | "sending"
  | "in_transit"
  | "receiving"
  | "completed"
  | "refused"
  | "cancelled"
  | "failed";

export type EnvelopeKind = "process" | "document";

export interface Envelope {
  id: string;
  direction: "out" | "in";
  direction_label: string;
  /** "process", or "document" for a documento avulso. */
  kind?: EnvelopeKind;
  kind_label?: string;
  document_uuid?: string | null;
  urgent?: boolean;
  /** The urgency reason's description ("" when not urgent). */
  urgency_reason?: string;
  reproduction_of?: string | null;
  /** When Tramita had every component (the sending receipt). */
  sending_receipt_at?: string | null;
  /** When the destination signed the completion receipt. */
  completion_receipt_at?: string | null;
  status: EnvelopeStatus;
  status_label: string;
  stuck: boolean;
  municipality: string | null;
  process_uuid: string | null;
  process_number: string;
  remote_name: string;
  remote_structure_id: number | null;
  idt: number | null;
  nre: string;
  situation: number;
  attempts: number;
  last_error: string;
  refusal_reason: string;
  refusal_text: string;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface EnvelopeEvent {
  kind: string;
  message: string;
  created_at: string;
}

export interface EnvelopeDetail extends Envelope {
  events: EnvelopeEvent[];
}

export interface EnvelopePage {
  count: number;
  page: number;
  results: Envelope[];
  counts: Record<string, number>;
}

export interface Mapping {
  municipality: string;
  municipality_name: string;
  repository: number;
  structure: number;
  name: string;
  acronym: string;
  unit: string | null;
}

export interface EnvelopeFilters {
  status: string;
  direction: string;
  kind: string;
  q: string;
  page: number;
}

export const FINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "refused", "cancelled"]);
export const PAGE_SIZE = 50;

/** "MGI › SEGES": the structure's ancestors, outermost first ("" at the top). */
export function formatHierarchy(structure: Pick<Structure, "hierarquia">): string {
  return (structure.hierarquia ?? [])
    .map((level) => level.sigla || level.nome)
    .filter(Boolean)
    .join(" › ");
}

/** "SEGES — Secretaria de Gestão e Inovação (MGI)": one line per search result. */
export function structureLabel(structure: Structure): string {
  const name = structure.sigla ? `${structure.sigla} — ${structure.nome}` : structure.nome;
  const path = formatHierarchy(structure);
  return path ? `${name} (${path})` : name;
}

/** The query string of an envelope list ("" when nothing is filtered). */
export function envelopeQuery(filters: Partial<EnvelopeFilters> & { municipality?: string }): string {
  const params = new URLSearchParams();
  for (const key of ["status", "direction", "kind", "q", "municipality"] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A timestamp in Brazilian format (São Paulo time), or "—" when there is none. */
export { formatDateTime } from "../dates";

/** Whether a coordinator may still act on it (retry, cancel). */
export function isOpen(envelope: Pick<Envelope, "status">): boolean {
  return !FINAL_STATUSES.has(envelope.status);
}

/** Whether the receiving side may ask the sender to repeat it ("Solicitar reprodução do
 * trâmite"): a receipt that ended (or failed) and that Tramita numbered (NRE). */
export function canRepeat(envelope: Pick<Envelope, "direction" | "status" | "nre">): boolean {
  return envelope.direction === "in" && (FINAL_STATUSES.has(envelope.status) || envelope.status === "failed")
    && Boolean(envelope.nre);
}

export interface UrgencyReason {
  code: number;
  description: string;
}

/** Urgency of a send: `{}` when not urgent, else `urgent` and the chosen reason's code. */
export interface Urgency {
  urgent: boolean;
  reason: number | null;
}

export function urgencyBody(urgency: Urgency): { urgent?: boolean; urgency_reason?: number } {
  if (!urgency.urgent) return {};
  return urgency.reason ? { urgent: true, urgency_reason: urgency.reason } : { urgent: true };
}

function structuresUrl(base: string, repository: number, q: string, start = 0): string {
  const params = new URLSearchParams({ repository: String(repository), q });
  if (start) params.set("start", String(start));
  return `${base}structures/?${params}`;
}

/** The same paths on both hosts: on a municipality's host (/api/v1/tramita/, staff; the
 * envelope list only for municipal admins) and on the state host (coordinators, who also
 * retry, cancel and map structures). */
const BASE = "/api/v1/tramita/";
export const tramita = {
  repositories: () => api<Repository[]>("GET", `${BASE}repositories/`),
  structures: (repository: number, q: string) =>
    api<StructurePage>("GET", structuresUrl(BASE, repository, q)),
  processEnvelopes: (process: string) =>
    api<Envelope[]>("GET", `/api/v1/processes/${process}/external/`),
  send: (process: string, repository: number, structure: number, urgency: Urgency = { urgent: false, reason: null }) =>
    api<Envelope>("POST", `/api/v1/processes/${process}/external/`,
      { repository, structure, ...urgencyBody(urgency) }),
  documentEnvelopes: (document: string) =>
    api<Envelope[]>("GET", `/api/v1/documents/${document}/external/`),
  sendDocument: (document: string, body: { repository: number; structure: number;
    attachments: string[]; urgency: Urgency }) =>
    api<Envelope>("POST", `/api/v1/documents/${document}/external/`, {
      repository: body.repository, structure: body.structure, attachments: body.attachments,
      ...urgencyBody(body.urgency),
    }),
  urgencyReasons: () => api<UrgencyReason[]>("GET", `${BASE}urgency-reasons/`),
  repeat: (id: string) => api<Envelope>("POST", `${BASE}envelopes/${id}/repeat/`),
  envelopes: (filters: Partial<EnvelopeFilters> & { municipality?: string }) =>
    api<EnvelopePage>("GET", `${BASE}envelopes/${envelopeQuery(filters)}`),
  envelope: (id: string) => api<EnvelopeDetail>("GET", `${BASE}envelopes/${id}/`),
  retry: (id: string) => api<Envelope>("POST", `${BASE}envelopes/${id}/retry/`),
  cancel: (id: string) => api<Envelope>("POST", `${BASE}envelopes/${id}/cancel/`),
  mappings: () => api<Mapping[]>("GET", `${BASE}mappings/`),
  map: (body: { municipality: string; repository: number; structure: number }) =>
    api<Mapping>("POST", `${BASE}mappings/`, body),
};
