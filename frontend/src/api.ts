import { messages } from "./i18n/pt-BR";

export interface ContextUser {
  name: string;
  cpf_masked: string;
  is_coordinator: boolean;
  auth_method?: "govbr" | "password";
  trust_level?: string | null;
  /** City host: "staff" or "citizen"; state host: "coordinator" or "citizen". */
  role?: "staff" | "citizen" | "coordinator" | null;
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
    /** The error body (DRF field errors: {"name": ["…"]}), for messages beside fields. */
    public body?: unknown,
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
    if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers.get("Retry-After"), data);
      throw new ApiError(429, messages.rateLimited(seconds), data?.code);
    }
    const fallback = `Erro ${response.status}. Tente novamente.`;
    throw new ApiError(response.status, errorMessage(data, fallback), data?.code, data);
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

/** Seconds from a Retry-After header ("41") or a DRF throttle message; null if none. */
export function retryAfterSeconds(header: string | null, body?: unknown): number | null {
  const fromHeader = header ? Number.parseInt(header, 10) : Number.NaN;
  if (Number.isFinite(fromHeader)) return fromHeader;
  const detail = body && typeof body === "object" ? (body as { detail?: unknown }).detail : undefined;
  const match = typeof detail === "string" ? detail.match(/(\d+)\s*segundo/) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Sends a file as the whole request body with XMLHttpRequest, which (unlike fetch) reports
 * upload progress: `onProgress(percent)` as the bytes leave the browser. Resolves with the
 * JSON answer; rejects with an ApiError carrying the server's pt-BR message.
 */
export function uploadWithProgress<T>(
  url: string,
  file: Blob | FormData,
  { onProgress, method = "POST" }: { onProgress?: (percent: number) => void; method?: "POST" | "PUT" } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    // A FormData body gets its multipart boundary from the browser.
    if (file instanceof Blob) xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress((event.loaded / event.total) * 100);
    };
    xhr.onerror = () => reject(new ApiError(0, "Falha de conexão durante o envio. Tente novamente."));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100);
        resolve(data as T);
        return;
      }
      const code = (data as { code?: string } | null)?.code;
      if (xhr.status === 429) {
        reject(new ApiError(429, messages.rateLimited(retryAfterSeconds(xhr.getResponseHeader("Retry-After"), data)), code));
        return;
      }
      reject(new ApiError(xhr.status, errorMessage(data, `Erro ${xhr.status}. Tente novamente.`), code));
    };
    xhr.send(file);
  });
}
