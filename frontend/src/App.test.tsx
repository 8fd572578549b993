import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { App } from "./App";
import { renderApp } from "./test/render";
import type { AppContext } from "./api";

const city: AppContext = {
  kind: "municipality",
  name: "Extrema",
  state_name: "Minas Gerais",
  ibge_code: "3125101",
  slug: "extrema",
  user: null,
};

const me = {
  name: "Maria Silva",
  is_municipal_admin: false,
  email_notifications: true,
  current_unit: "u1",
  units: [{ id: "u1", acronym: "GAB", name: "Gabinete do Prefeito", role: "basic" }],
};

/** The context endpoint answers `body`; the staff endpoints answer for a clerk. */
function answer(body: unknown, status = 200) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      if (url === "/api/v1/me/") return new Response(JSON.stringify(me), { status: 200 });
      if (url === "/api/v1/me/current-unit/members/") return new Response("[]", { status: 200 });
      if (url === "/api/v1/markers/") return new Response("[]", { status: 200 });
      if (url.startsWith("/api/v1/processes/") || url.startsWith("/api/v1/inbox/")) {
        return new Response(JSON.stringify({ count: 0, results: [] }), { status: 200 });
      }
      return new Response(JSON.stringify(body), { status });
    }),
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("App shell", () => {
  it("shows the municipality and the gov.br sign-in button", async () => {
    answer(city);
    renderApp(<App />);
    expect(await screen.findByTestId("tenant-name")).toHaveProperty("textContent", "Extrema");
    expect(screen.getByText(/Prefeitura Municipal de/)).toBeTruthy();
    const signIn = screen.getByText("Entrar com gov.br").closest("a");
    expect(signIn?.getAttribute("href")).toBe("/login/govbr/?next=%2F");
    expect(fetch).toHaveBeenCalledWith("/api/v1/context/", expect.anything());
  });

  it("shows the state on the state host", async () => {
    answer({ ...city, kind: "state", name: "Governo do Estado de Minas Gerais", slug: null });
    renderApp(<App />);
    expect((await screen.findByTestId("tenant-name")).textContent).toBe(
      "Governo do Estado de Minas Gerais",
    );
    expect(screen.getByText("Coordenação estadual de implantação")).toBeTruthy();
    expect(screen.queryByText(/Prefeitura Municipal de/)).toBeNull();
  });

  it("shows the signed-in person and a sign-out link", async () => {
    answer({ ...city, user: { name: "Maria Silva", cpf_masked: "***.456.789-**" } });
    renderApp(<App />);
    expect((await screen.findByTestId("user-name")).textContent).toContain("Maria Silva");
    expect(screen.getByText("Sair").tagName).toBe("BUTTON");
    expect(screen.queryByText("Entrar com gov.br")).toBeNull();
    // Staff of the city land on their processes, in their current unit.
    expect(await screen.findByText("Nenhum processo aberto nesta unidade.")).toBeTruthy();
    expect(screen.getByLabelText("Unidade atual")).toBeTruthy();
  });

  it("explains a failure in Portuguese", async () => {
    answer({ detail: "boom" }, 500);
    renderApp(<App />);
    expect((await screen.findByRole("alert")).textContent).toContain(
      "Não foi possível carregar os dados",
    );
  });

  it("says it is loading first", () => {
    vi.stubGlobal("fetch", vi.fn(() => new Promise(() => {})));
    renderApp(<App />);
    expect(screen.getByRole("status").textContent).toBe("Carregando…");
  });
});
