import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";

import { ApiError, type AppContext } from "../api";
import { crumbsFor, navItems } from "../shell/nav";
import { ErrorMessage } from "./CitizenApp";

afterEach(cleanup);

const city = (role: "staff" | "citizen"): AppContext => ({
  kind: "municipality", name: "Extrema", state_name: "Minas Gerais", ibge_code: "3125101", slug: "extrema",
  user: { name: "José", cpf_masked: "", is_coordinator: false, role },
});

describe("citizen navigation", () => {
  it("offers a citizen his area and no staff section", () => {
    expect(navItems(city("citizen"), false).map((i) => i.label)).toEqual(["Área do cidadão", "Consulta pública"]);
  });

  it("keeps the staff menu as it was", () => {
    expect(navItems(city("staff"), false).map((i) => i.label)).not.toContain("Área do cidadão");
  });

  it("names the area's pages in the breadcrumb", () => {
    expect(crumbsFor("/cidadao/recibos/abc").map((c) => c.label)).toEqual(["Área do cidadão", "Recibos"]);
  });
});

describe("ErrorMessage", () => {
  it("links a trust-level refusal to how to raise the level", () => {
    render(
      <MemoryRouter>
        <ErrorMessage error={new ApiError(403, "Para peticionar com documento restrito, sua conta gov.br precisa do nível prata.", "trust_level_too_low")} />
      </MemoryRouter>,
    );
    expect(screen.getByText(/precisa do nível prata/)).toBeTruthy();
    const link = screen.getByRole("link", { name: "Como aumentar o nível da conta gov.br" });
    expect(link.getAttribute("href")).toBe("https://confiabilidades.acesso.gov.br/");
  });

  it("offers a fresh gov.br login when signing needs one", () => {
    render(
      <MemoryRouter>
        <ErrorMessage error={new ApiError(403, "Para assinar, confirme sua identidade.", "reauth_required")} />
      </MemoryRouter>,
    );
    expect(screen.getByRole("link", { name: "Entrar novamente com gov.br" }).getAttribute("href")).toMatch(/^\/login\/govbr\/\?next=/);
  });
});
