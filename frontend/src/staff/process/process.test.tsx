import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { DocumentViewer, viewKind } from "../../components/DocumentViewer";
import { Toolbar } from "./Toolbar";
import type { TreeDocument } from "./types";

const base: TreeDocument = {
  id: "d1", position: 1, kind: "internal", title: "Ofício", document_type: "Ofício", unit: "GAB",
  created_at: "2026-12-10T15:00:00Z", original_name: "", content_type: "text/html", size: null,
  sha256: "", signatures: [], signed: false, label: "Ofício nº 3/2026", state: "draft",
  content_available: true, allowed_actions: ["view", "download"], date: "2026-12-10",
};

describe("Toolbar", () => {
  const noop = () => undefined;
  it("shows only the actions given, grouped, with one tab stop and arrow keys", () => {
    const send = vi.fn();
    render(<Toolbar actions={[
      { key: "send", group: "dispatch", label: "Enviar processo", onClick: send },
      { key: "add_document", group: "document", label: "Incluir documento", onClick: noop },
      { key: "assign", group: "process", label: "Atribuir", onClick: noop },
    ]} />);
    const bar = screen.getByRole("toolbar", { name: "Ações do processo" });
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.getAttribute("aria-label")))
      .toEqual(["Incluir documento", "Atribuir", "Enviar processo"]);
    expect(screen.getByRole("group", { name: "Tramitação" })).toBeTruthy();
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1, -1]);
    buttons[0].focus();
    fireEvent.keyDown(bar, { key: "End" });
    expect(document.activeElement).toBe(buttons[2]);
    fireEvent.keyDown(bar, { key: "ArrowRight" });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.click(buttons[2]);
    expect(send).toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: "Reabrir na minha unidade" })).toBeNull();
  });

  it("says so when nothing may be done", () => {
    render(<Toolbar actions={[]} />);
    expect(screen.getByText(/Nenhuma ação disponível/)).toBeTruthy();
  });
});

describe("DocumentViewer", () => {
  it("chooses how to show each document", () => {
    expect(viewKind(base)).toBe("html");
    expect(viewKind({ ...base, content_available: false })).toBe("unavailable");
    expect(viewKind({ ...base, state: "cancelled" })).toBe("cancelled");
    const external = { ...base, kind: "external" as const, state: "external" as const };
    expect(viewKind({ ...external, content_type: "application/pdf" })).toBe("pdf");
    expect(viewKind({ ...external, content_type: "image/png" })).toBe("image");
    expect(viewKind({ ...external, content_type: "application/msword" })).toBe("file");
  });

  it("says a draft is unsigned and frames its content; another unit's draft has none", () => {
    const { unmount } = render(<DocumentViewer doc={base} />);
    expect(screen.getByText("Documento sem assinatura")).toBeTruthy();
    expect(screen.getByTitle("Ofício nº 3/2026").getAttribute("src"))
      .toBe("/api/v1/documents/d1/content/");
    expect(screen.getByRole("link", { name: "Baixar Ofício nº 3/2026" })).toBeTruthy();
    unmount();
    render(<DocumentViewer doc={{ ...base, content_available: false, allowed_actions: [] }} />);
    expect(screen.getByText(/Minuta de outra unidade — conteúdo disponível apenas na unidade geradora/))
      .toBeTruthy();
    expect(screen.queryByRole("link", { name: /Baixar/ })).toBeNull();
    expect(screen.queryByTitle("Ofício nº 3/2026")).toBeNull();
  });
});

describe("ProcessHeader", () => {
  it("shows the interessados, the access level with its legal basis and where it is open", async () => {
    const { ProcessHeader } = await import("./ProcessHeader");
    render(<ProcessHeader process={{
      id: "p1", number: "5001.01.0000001/2026-84", process_type: "Requerimento",
      summary: "Poda de árvore", access_level: "restricted", unit: "GAB",
      created_at: "2026-12-10T15:00:00Z",
      legal_basis: { id: "l1", name: "Informação Pessoal", reference: "Art. 31 da Lei nº 12.527/2011",
        access_level: "restricted", active: true },
      parties: [{ kind: "cpf", document: "529.982.247-25", name: "Maria Requerente" }],
      documents: [], here: { open: true, read: true, assignee: null }, suspended: false,
      suspended_at: null, suspension_reason: "", annexed_at: null, locked: false, relations: [],
      annexes: [], annexed_to: null, markers: [{ id: "m1", name: "Urgente", color: "red", note: "" }],
      watch: null, allowed_actions: [],
      open_units: [{ id: "u1", acronym: "GAB", name: "Gabinete do Prefeito" },
        { id: "u2", acronym: "SEOB", name: "Secretaria de Obras" }],
    }} />);
    expect(screen.getByTestId("process-parties").textContent).toContain("Maria Requerente");
    const access = screen.getByTestId("process-access").textContent ?? "";
    expect(access).toContain("Restrito");
    expect(access).toContain("Informação Pessoal (Art. 31 da Lei nº 12.527/2011)");
    expect(screen.getByTestId("open-units").textContent).toContain("SEOB");
    expect(screen.getByTestId("assignee").textContent).toContain("Sem atribuição");
    expect(screen.getByTestId("process-markers").textContent).toContain("Urgente");
    expect(screen.getByText("10/12/2026 — GAB")).toBeTruthy();
  });
});
