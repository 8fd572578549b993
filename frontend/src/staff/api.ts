import { api } from "../api";

export interface Me {
  name: string;
  is_municipal_admin: boolean;
  email_notifications: boolean;
  current_unit: string | null;
  units: { id: string; acronym: string; name: string; role: string }[];
}

export interface Ref {
  id: string;
  name: string;
}
export interface ProcessType extends Ref {
  default_access_level: AccessLevel;
  active: boolean;
}
export interface DocumentType extends Ref {
  usage: "internal" | "external" | "both";
  numbered: boolean;
  active: boolean;
}
export interface LegalBasis extends Ref {
  reference: string;
  access_level: AccessLevel;
  active: boolean;
}
export interface Template extends Ref {
  document_type: string;
  html: string;
  active: boolean;
}
export type AccessLevel = "public" | "restricted" | "secret";

export interface Signature {
  id: number;
  method: "password" | "govbr";
  trust_level: string;
  amr: string[];
  signer_name: string;
  signer_role: string;
  unit: string;
  signed_at: string;
  sha256: string;
  version: number | null;
}

export interface DocumentItem {
  id: string;
  position: number;
  kind: "internal" | "external";
  title: string;
  document_type: string;
  unit: string;
  created_at: string;
  original_name: string;
  content_type: string;
  size: number | null;
  sha256: string;
  signatures: Signature[];
  signed: boolean;
}

export interface DocumentDetail extends DocumentItem {
  html?: string;
  version?: number;
}

export interface ProcessSummary {
  id: string;
  number: string;
  process_type: string;
  summary: string;
  access_level: AccessLevel;
  unit: string;
  created_at: string;
}

export type MarkerColor = "red" | "orange" | "yellow" | "green" | "teal" | "blue" | "purple" | "gray";

export interface Marker {
  id: string;
  name: string;
  color: MarkerColor;
  active: boolean;
}

/** A marker of the current unit on a process, with the unit's note. */
export interface ProcessMarker {
  id: string;
  name: string;
  color: MarkerColor;
  note: string;
}

export interface WatchGroup {
  id: string;
  name: string;
}

export interface WatchEntry {
  process: ProcessSummary;
  group: WatchGroup | null;
  note: string;
  created_at: string;
}

/** A staff member as shown to colleagues: whom a process may be assigned to. */
export interface Person {
  id: string;
  name: string;
}

/** The process in my current unit: open there, read, assigned to whom. */
export interface Here {
  open: boolean;
  read: boolean;
  assignee: Person | null;
}

export interface ProcessDetail extends ProcessSummary {
  legal_basis: LegalBasis | null;
  parties: { kind: string; document: string; name: string }[];
  documents: DocumentItem[];
  here: Here;
  /** "external" while the process is with another body (Tramita): read-only. */
  lock?: "" | "external";
  suspended: boolean;
  suspended_at: string | null;
  suspension_reason: string;
  annexed_at: string | null;
  /** Read-only for any reason: with another body, suspended or annexed. */
  locked: boolean;
  relations: ProcessSummary[];
  annexes: ProcessSummary[];
  annexed_to: ProcessSummary | null;
  markers: ProcessMarker[];
  watch: { group: WatchGroup | null; note: string } | null;
}

export interface InboxRow {
  id: string;
  number: string;
  process_type: string;
  summary: string;
  generated: boolean;
  read: boolean;
  assignee: Person | null;
  return_date: string | null;
  overdue: boolean;
  since: string;
  suspended: boolean;
  suspension_reason: string;
  markers: ProcessMarker[];
}

/** A search hit: a process summary, with a text excerpt when the server sends one. */
export interface SearchHit extends ProcessSummary {
  snippet?: string;
}

export interface ProcessEvent {
  action: string;
  description: string;
  unit: string | null;
  created_at: string;
}

export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

export interface PdfJob {
  id: string;
  status: "pending" | "running" | "done" | "failed";
  progress: number;
  error: string;
}

const all = <T,>(url: string) => api<T[]>("GET", url);

/** Every row of a paginated list (DRF's `next` links followed to the last page). */
export async function allPages<T>(url: string): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null | undefined = url;
  while (next) {
    const page: Page<T> = await api<Page<T>>("GET", next);
    rows.push(...page.results);
    // DRF's absolute link, asked on this same host (path and query only).
    next = page.next ? (({ pathname, search }) => pathname + search)(new URL(page.next, window.location.href)) : null;
  }
  return rows;
}

export interface UnitOption {
  id: string;
  acronym: string;
  name: string;
}

/** An upload form as the raw-body endpoint takes it: the file as the body, the other
 * filled-in fields (and the file's name) in the query string. The server checks them,
 * and whether the process accepts documents, before reading a byte of the file. */
export function rawUpload(form: FormData): { file: File; query: URLSearchParams } {
  const file = form.get("file") as File;
  const query = new URLSearchParams({ filename: file.name });
  form.forEach((value, key) => {
    if (key !== "file" && typeof value === "string" && value !== "") query.set(key, value);
  });
  return { file, query };
}

export const staff = {
  me: () => api<Me>("GET", "/api/v1/me/"),
  switchUnit: (unit: string) => api<Me>("POST", "/api/v1/me/current-unit/", { unit }),
  processTypes: () => all<ProcessType>("/api/v1/process-types/"),
  documentTypes: () => all<DocumentType>("/api/v1/document-types/"),
  legalBases: () => all<LegalBasis>("/api/v1/legal-bases/"),
  templates: () => all<Template>("/api/v1/templates/"),
  unitMembers: () => all<Person>("/api/v1/me/current-unit/members/"),
  assign: (id: string, person: string | null) =>
    api<{ assignee: Person | null }>("POST", `/api/v1/processes/${id}/assign/`, { staff: person }),
  inbox: (query: string) => api<Page<InboxRow>>("GET", `/api/v1/inbox/?${query}`),
  search: (query: string) => api<Page<SearchHit>>("GET", `/api/v1/search/?${query}`),
  /** Every unit of the municipality (all pages). */
  units: () => allPages<UnitOption>("/api/v1/units/"),
  processes: (page = 1) => api<Page<ProcessSummary>>("GET", `/api/v1/processes/?page=${page}`),
  createProcess: (body: Record<string, unknown>) =>
    api<ProcessDetail>("POST", "/api/v1/processes/", body),
  process: (id: string) => api<ProcessDetail>("GET", `/api/v1/processes/${id}/`),
  events: (id: string) => api<ProcessEvent[]>("GET", `/api/v1/processes/${id}/events/`),
  createDocument: (id: string, body: Record<string, unknown>) =>
    api<DocumentItem>("POST", `/api/v1/processes/${id}/documents/`, body),
  upload: (id: string, form: FormData) => {
    const { file, query } = rawUpload(form);
    return api<DocumentItem>("POST", `/api/v1/processes/${id}/uploads/raw/?${query}`, file);
  },
  document: (id: string) => api<DocumentDetail>("GET", `/api/v1/documents/${id}/`),
  saveVersion: (id: string, html: string) =>
    api<{ version: number; html: string }>("POST", `/api/v1/documents/${id}/versions/`, { html }),
  sign: (documents: string[], password: string, role: string, method = "password") =>
    api<Signature[]>("POST", "/api/v1/signatures/", { documents, password, role, method }),
  requestPdf: (id: string) => api<PdfJob>("POST", `/api/v1/processes/${id}/pdf/`),
  pdf: (id: string, job: string) => api<PdfJob>("GET", `/api/v1/processes/${id}/pdf/${job}/`),
  contentUrl: (doc: string) => `/api/v1/documents/${doc}/content/`,
  pdfUrl: (id: string, job: string) => `/api/v1/processes/${id}/pdf/${job}/?download=1`,
  findByNumber: (number: string) =>
    api<Page<ProcessSummary>>("GET", `/api/v1/search/?${new URLSearchParams({ number })}`),
  suspend: (id: string, reason: string) =>
    api<ProcessDetail>("POST", `/api/v1/processes/${id}/suspend/`, { reason }),
  resume: (id: string) => api<ProcessDetail>("POST", `/api/v1/processes/${id}/resume/`),
  relate: (id: string, other: string) =>
    api<ProcessDetail>("POST", `/api/v1/processes/${id}/relations/`, { process: other }),
  unrelate: (id: string, other: string) =>
    api<null>("DELETE", `/api/v1/processes/${id}/relations/${other}/`),
  annex: (id: string, other: string) =>
    api<ProcessDetail>("POST", `/api/v1/processes/${id}/annexes/`, { process: other }),
  markers: () => all<Marker>("/api/v1/markers/"),
  createMarker: (name: string, color: MarkerColor) =>
    api<Marker>("POST", "/api/v1/markers/", { name, color }),
  updateMarker: (marker: string, body: Partial<Omit<Marker, "id">>) =>
    api<Marker>("PATCH", `/api/v1/markers/${marker}/`, body),
  mark: (id: string, marker: string, note: string) =>
    api<ProcessMarker>("POST", `/api/v1/processes/${id}/markers/`, { marker, note }),
  unmark: (id: string, marker: string) =>
    api<null>("DELETE", `/api/v1/processes/${id}/markers/${marker}/`),
  watchGroups: () => all<WatchGroup>("/api/v1/watch-groups/"),
  createWatchGroup: (name: string) => api<WatchGroup>("POST", "/api/v1/watch-groups/", { name }),
  deleteWatchGroup: (group: string) => api<null>("DELETE", `/api/v1/watch-groups/${group}/`),
  watches: (group = "") =>
    api<Page<WatchEntry>>("GET", `/api/v1/watches/${group ? `?${new URLSearchParams({ group })}` : ""}`),
  watch: (id: string, group: string | null, note: string) =>
    api<ProcessDetail>("PUT", `/api/v1/processes/${id}/watch/`, { group, note }),
  unwatch: (id: string) => api<null>("DELETE", `/api/v1/processes/${id}/watch/`),
  setEmailNotifications: (enabled: boolean) =>
    api<Me>("PATCH", "/api/v1/me/notifications/", { email_notifications: enabled }),
};
