export interface ContextUser {
  name: string;
  cpf_masked: string;
}

export interface AppContext {
  kind: "state" | "municipality";
  name: string;
  state_name: string;
  ibge_code: string | null;
  slug: string | null;
  user: ContextUser | null;
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
