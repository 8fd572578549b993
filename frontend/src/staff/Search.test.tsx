import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderApp } from "../test/render";
import { Search } from "./Search";

const hit = (n: number) => ({
  id: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
  number: `5001.01.${String(n).padStart(7, "0")}/2026-00`,
  process_type: "Requerimento",
  summary: `Poda de árvore ${n}`,
  access_level: "public",
  unit: "GAB",
  created_at: "2026-03-04T12:00:00-03:00",
});

/** The API: catalogues, and a search that answers `search(url)`. */
function serve(search: (url: string) => Response) {
  const fetch = vi.fn(async (url: string) => {
    if (url === "/api/v1/process-types/") return Response.json([{ id: "t1", name: "Requerimento" }]);
    if (url === "/api/v1/units/") return Response.json({ count: 1, results: [{ id: "u1", acronym: "GAB", name: "Gabinete" }] });
    return search(url);
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState({}, "", "/");
});

describe("Search", () => {
  it("sends only the filled filters, lists the hits and pages through them", async () => {
    const fetch = serve((url) => {
      const page = new URL(url, "http://x").searchParams.get("page") === "2" ? 2 : 1;
      return Response.json({ count: 51, results: page === 1 ? [hit(1)] : [hit(51)] });
    });
    window.history.replaceState({}, "", "/pesquisa");
    renderApp(<Search />);
    await screen.findByRole("option", { name: "GAB — Gabinete" });
    fireEvent.change(screen.getByLabelText(/Palavras/), { target: { value: "poda" } });
    fireEvent.change(screen.getByLabelText("Unidade geradora"), { target: { value: "GAB" } });
    fireEvent.click(screen.getByRole("button", { name: "Pesquisar" }));
    expect(await screen.findByText("Poda de árvore 1")).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith("/api/v1/search/?q=poda&unit=GAB", expect.anything());
    expect(screen.getByText("51 processos encontrados.")).toBeTruthy();
    expect(window.location.search).toBe("?q=poda&unit=GAB");
    fireEvent.click(screen.getByRole("button", { name: "Próxima" }));
    expect(await screen.findByText("Poda de árvore 51")).toBeTruthy();
    expect(screen.getByText("Página 2 de 2")).toBeTruthy();
  });

  it("says when nothing matched, and shows the server's error in Portuguese", async () => {
    serve((url) =>
      url.includes("from=")
        ? Response.json({ from: ["Formato inválido para data."] }, { status: 400 })
        : Response.json({ count: 0, results: [] }),
    );
    window.history.replaceState({}, "", "/pesquisa?party=Joana");
    renderApp(<Search />); // a shared address searches at once
    expect(await screen.findByText(/Nenhum processo encontrado/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Autuado a partir de"), { target: { value: "2026-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Pesquisar" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Formato inválido para data.");
  });
});
