import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { SendDocumentDialog } from "./DocumentExternal";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SendDocumentDialog", () => {
  it("offers the other sendable documents as anexos and Tramita's urgency reasons", async () => {
    const fetch = vi.fn(async (url: string) => Response.json(
      url.includes("urgency-reasons")
        ? [{ code: 1, description: "Prazo legal ou judicial próximo do vencimento" },
          { code: 2, description: "Determinação judicial" }]
        : [{ id: 31, nome: "Municípios de Minas Gerais", ativo: true }],
    ));
    vi.stubGlobal("fetch", fetch);
    render(<SendDocumentDialog document={{ id: "a", label: "Ofício nº 1/2026", state: "signed" }}
      documents={[
        { id: "a", label: "Ofício nº 1/2026", state: "signed" },
        { id: "b", label: "Planta", state: "external" },
        { id: "c", label: "Minuta", state: "draft" },
      ]} onSent={() => undefined} onClose={() => undefined} />);
    expect(screen.getByText(/O documento Ofício nº 1\/2026 será enviado como documento avulso/)).toBeTruthy();
    const group = screen.getByRole("group", { name: "Anexos (outros documentos do processo)" });
    expect(group.textContent).toContain("Planta");
    expect(group.textContent).not.toContain("Minuta");
    expect(screen.queryByLabelText(/Motivo da urgência/)).toBeNull();
    fireEvent.click(screen.getByLabelText("Envio urgente"));
    expect(await screen.findByRole("option", { name: "Determinação judicial" })).toBeTruthy();
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith("/api/v1/tramita/urgency-reasons/"))).toBe(true);
    expect((screen.getByRole("button", { name: "Confirmar envio" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
