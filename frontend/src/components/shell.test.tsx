import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { crumbsFor, navItems } from "../shell/nav";
import { Breadcrumb } from "./Breadcrumb";
import { Linkify } from "./Linkify";
import { Pager, pageOf } from "./Pager";

afterEach(cleanup);

describe("Linkify", () => {
  it("turns a path in a server message into a link", () => {
    render(
      <MemoryRouter>
        <Linkify text="Veja como aumentar o nível em /login/govbr/nivel/?para=servidor." />
      </MemoryRouter>,
    );
    const link = screen.getByRole("link", { name: "/login/govbr/nivel/?para=servidor" });
    expect(link.getAttribute("href")).toBe("/login/govbr/nivel/?para=servidor");
  });
});

describe("Pager", () => {
  it("pages a list in memory and moves between pages", () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual({ rows: [3, 4], pages: 3, page: 2 });
    expect(pageOf([1, 2], 9, 2).page).toBe(1);
    const onPage = vi.fn();
    render(<Pager page={1} pages={3} onPage={onPage} label="Páginas" />);
    expect(screen.getByText("Página 1 de 3")).toBeTruthy();
    expect((screen.getByRole("button", { name: /Anterior/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: /Próxima/ }));
    expect(onPage).toHaveBeenCalledWith(2);
  });
});

describe("navigation", () => {
  it("offers the staff sections, and Administração only to admins", () => {
    const ctx = { kind: "municipality" as const, name: "Extrema", state_name: "Minas Gerais", ibge_code: null, slug: "extrema",
      user: { name: "Bruno", cpf_masked: "", is_coordinator: false } };
    const labels = navItems(ctx, false).map((i) => i.label);
    expect(labels).toEqual(["Controle de processos", "Pesquisa", "Processos", "Acompanhamento",
      "Blocos de assinatura", "Intimações pendentes", "Vinculações a pessoa jurídica", "Consulta pública"]);
    expect(navItems(ctx, true).find((i) => i.label === "Administração")?.children).toHaveLength(10);
  });
  it("says where the person is", () => {
    expect(crumbsFor("/administracao/unidades")).toEqual([
      { label: "Administração", to: "/administracao" }, { label: "Unidades" }]);
    render(<MemoryRouter><Breadcrumb items={crumbsFor("/processos/novo")} /></MemoryRouter>);
    expect(screen.getByRole("link", { name: "Processos" }).getAttribute("href")).toBe("/processos");
    expect(screen.getByText("Iniciar processo").getAttribute("aria-current")).toBe("page");
  });
});
