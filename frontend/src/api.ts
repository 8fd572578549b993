export interface ContextUser {
  name: string;
  cpf_masked: string;
  is_coordinator: boolean;
  auth_method?: "govbr" | "password";
  trust_level?: string | null;
}

export interface AppContext {
  kind: "state" | "municipality";
  name: string;
  state_name: string;
  ibge_code: string | null;
  slug: string | null;
  user: ContextUser | null;
}

/** An API refusal, carrying the server's pt-BR message for the user. */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public code?: string,
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** The user-facing message of an error body: {"detail"}, or DRF's field errors. */
export function errorMessage(body: unknown, fallback: string): string {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    for (const value of Object.values(record)) {
      if (Array.isArray(value) && typeof value[0] === "string") return value[0];
      if (typeof value === "string") return value;
    }
  }
  return fallback;
}

export async function api<T>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  body?: Record<string, unknown> | FormData | Blob,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body instanceof Blob) {
    // A file as the whole body (the server sniffs its real type from the content).
    headers["Content-Type"] = body.type || "application/octet-stream";
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const fallback = `Erro ${response.status}. Tente novamente.`;
    throw new ApiError(response.status, errorMessage(data, fallback), data?.code);
  }
  return data as T;
}

/** Where am I? The host's municipality (or the state) and the signed-in user. */
export async function fetchContext(): Promise<AppContext> {
  const response = await fetch("/api/v1/context/", {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) {
    throw new Error(`GET /api/v1/context/ answered ${response.status}`);
  }
  return (await response.json()) as AppContext;
}

export function login(cpf: string, password: string) {
  return api("POST", "/api/v1/auth/login/", { username: cpf.replace(/\D/g, ""), password });
}

export function logout() {
  return api("POST", "/api/v1/auth/logout/");
}
