import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { crumbsFor } from "../shell/nav";
import { Representations } from "./Representations";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rep = {
  id: "r1", grantor: "11.222.333/0001-81", grantor_name: "Padaria", grantor_is_company: true,
  grantee: "***.147.369-**", grantee_name: "Pedro", kind: "S", kind_label: "Procurador simples",
  powers: ["intimacao"], valid_from: "2026-12-01", valid_until: "2026-12-10", scope: ["p1"],
  scope_processes: [{ id: "p1", number: "5001.01.0000001/2026-84" }], state: "Vencida", state_code: "V",
  active: false, expired: true, acts: [], processes: [], reached_processes: [],
};

function answer(url: string) {
  if (url.startsWith("/api/v1/citizen/me/")) return { name: "Ana", trust_level: "bronze", allowed: { representation: false } };
  if (url.startsWith("/api/v1/citizen/companies/")) return { represented: [], from_govbr: [] };
  return { granted: [rep], received: [] };
}

function renderPage() {
  vi.stubGlobal("fetch", vi.fn(async (url: string) => new Response(JSON.stringify(answer(url)), {
    status: 200, headers: { "Content-Type": "application/json" },
  })));
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter><Representations /></MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("Representações", () => {
  it("names the page in the breadcrumb", () => {
    expect(crumbsFor("/cidadao/representacoes/outorgar").map((c) => c.label)).toEqual(["Área do cidadão", "Representações"]);
  });

  it("shows a vencida procuração with its scope and no revoke button, and the level notice", async () => {
    renderPage();
    expect(await screen.findByText("Vencida")).toBeTruthy();
    expect(screen.getByText(/Processos específicos \(1\): 5001.01.0000001\/2026-84/)).toBeTruthy();
    expect(screen.getByText("Receber, cumprir e responder intimação eletrônica")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Revogar/ })).toBeNull();
    expect(await screen.findByTestId("representation-level")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Como aumentar o nível da conta gov.br" }).getAttribute("href"))
      .toBe("https://confiabilidades.acesso.gov.br/");
  });
});
