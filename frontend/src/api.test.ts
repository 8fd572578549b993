import { afterEach, describe, expect, it, vi } from "vitest";

import { api, ApiError, retryAfterSeconds } from "./api";

afterEach(() => vi.unstubAllGlobals());

describe("api", () => {
  it("says in Portuguese how long to wait when throttled", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(
      JSON.stringify({ detail: "Request was throttled. Expected available in 41 seconds." }),
      { status: 429, headers: { "Retry-After": "41" } },
    )));
    const error = (await api("POST", "/api/v1/auth/login/", {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("Muitas tentativas seguidas. Aguarde 41 segundos e tente novamente.");
  });
  it("reads the seconds from the header or the server's message", () => {
    expect(retryAfterSeconds("7", null)).toBe(7);
    expect(retryAfterSeconds(null, { detail: "disponível em 3 segundos." })).toBe(3);
    expect(retryAfterSeconds(null, {})).toBeNull();
  });
  it("keeps DRF's field errors for messages beside the fields", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Response.json({ name: ["Já existe uma unidade com este nome."] }, { status: 400 })));
    const error = (await api("POST", "/api/v1/units/", {}).catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe("Já existe uma unidade com este nome.");
    expect(error.body).toEqual({ name: ["Já existe uma unidade com este nome."] });
  });
});
