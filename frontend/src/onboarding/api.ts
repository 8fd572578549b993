import { api, uploadWithProgress } from "../api";

export type Status =
  | "interest"
  | "agreement_signed"
  | "manager_designated"
  | "provisioning"
  | "training"
  | "live"
  | "paused"
  | "cancelled"
  | "failed";

export interface CaseSummary {
  id: string;
  ibge_code: string;
  name: string;
  uf: string;
  status: Status;
  status_label: string;
  stage: Status;
  slug: string;
  domain: string | null;
  provisioning_step: string;
  provisioning_progress: number;
  provisioning_error: string;
  updated_at: string;
}

export interface CaseEvent {
  action: string;
  label: string;
  from_status: string;
  to_status: string;
  actor: string;
  reason: string;
  data: Record<string, unknown>;
  created_at: string;
}

export interface CaseDocument {
  id: string;
  kind: "interest" | "agreement";
  kind_label: string;
  original_name: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  download_url: string;
}

export interface CaseDetail extends CaseSummary {
  paused_from: string;
  manager: { name: string; cpf_masked: string; email: string } | null;
  tenant: { name: string; schema: string; status: string; domain: string | null } | null;
  events: CaseEvent[];
  documents: CaseDocument[];
  available_actions: string[];
  suggested_slug: string | null;
  close_reason: string;
  created_at: string;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Summary {
  total: number;
  counts: Record<Status, number>;
  funnel: { status: Status; label: string; count: number }[];
  catalogue: number;
}

export interface Municipality {
  ibge_code: string;
  name: string;
  uf: string;
  case: { id: string; status: Status } | null;
}

export interface Batch {
  id: string;
  total: number;
  done: number;
  failed: number;
  running: number;
  progress: number;
  cases: CaseSummary[];
  refused?: { case: string; code: string; detail: string }[];
}

const BASE = "/api/v1/onboarding";

export interface Filters {
  status: string;
  search: string;
  page: number;
}

export function query(filters: Partial<Filters>): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.search) params.set("search", filters.search);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const onboarding = {
  summary: () => api<Summary>("GET", `${BASE}/summary/`),
  cases: (filters: Partial<Filters>) => api<Page<CaseSummary>>("GET", `${BASE}/cases/${query(filters)}`),
  exportUrl: (filters: Partial<Filters>) => `${BASE}/cases/export/${query({ ...filters, page: 1 })}`,
  municipalities: (search: string) =>
    api<Page<Municipality>>(
      "GET",
      `${BASE}/municipalities/?available=1&search=${encodeURIComponent(search)}`,
    ),
  open: (ibge_code: string, reason: string) =>
    api<CaseDetail>("POST", `${BASE}/cases/`, { ibge_code, reason }),
  detail: (id: string) => api<CaseDetail>("GET", `${BASE}/cases/${id}/`),
  action: (id: string, action: string, body: Record<string, unknown>) =>
    api<CaseDetail>("POST", `${BASE}/cases/${id}/${action.replace(/_/g, "-")}/`, body),
  upload: (id: string, kind: string, file: File, onProgress?: (percent: number) => void) => {
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", file);
    return uploadWithProgress<CaseDocument>(`${BASE}/cases/${id}/documents/`, form, { onProgress });
  },
  bulk: (cases: string[]) => api<Batch>("POST", `${BASE}/batches/`, { cases }),
  batch: (id: string) => api<Batch>("GET", `${BASE}/batches/${id}/`),
};
