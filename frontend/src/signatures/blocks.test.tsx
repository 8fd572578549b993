import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { crumbsFor } from "../shell/nav";
import { renderApp } from "../test/render";
import { BlockDetail } from "./BlockDetail";
import type { Block } from "./blocksApi";

const block: Block = {
  id: "b1", number: 7, description: "Ofícios da semana", state: "available", state_label: "Disponibilizado",
  unit: { id: "u1", acronym: "GAB", name: "Gabinete do Prefeito" }, generated: false,
  recipients: [{ id: "u2", acronym: "SEAD", name: "Secretaria de Administração", note: "" }],
  document_count: 2, created_at: "2026-12-02T15:00:00Z", updated_at: "2026-12-02T15:00:00Z",
  documents: [
    { id: "d1", title: "Ofício nº 3/2026", document_type: "Ofício", description: "", unit: "GAB",
      process: { id: "p1", number: "5001.01.0000001/2026-84" }, state: "draft", signed_by_me: false,
      minimum_level: "simple", minimum_level_label: "Assinatura eletrônica simples", signatures: [] },
    { id: "d2", title: "Despacho", document_type: "Despacho", description: "", unit: "GAB",
      process: { id: "p1", number: "5001.01.0000001/2026-84" }, state: "draft", signed_by_me: false,
      minimum_level: "simple", minimum_level_label: "Assinatura eletrônica simples", signatures: [] },
  ],
  events: [], allowed_actions: ["sign", "annotate", "return"], received: true, to_sign: 2,
};

function serve(defaults: { password_allowed: boolean; advanced_default: boolean }) {
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    const body = url.startsWith("/api/v1/signature-settings/")
      ? { ...defaults, advanced_available: true } : block;
    return new Response(JSON.stringify(body), { status: 200 });
  }));
}

afterEach(() => vi.unstubAllGlobals());

describe("signature blocks", () => {
  it("says where the person is", () => {
    expect(crumbsFor("/blocos-de-assinatura")).toEqual([{ label: "Blocos de assinatura" }]);
    expect(crumbsFor("/blocos-de-assinatura/b1")).toEqual([
      { label: "Blocos de assinatura", to: "/blocos-de-assinatura" }, { label: "Bloco de assinatura" }]);
  });

  it("shows a received block with what waits for my signature and only the actions allowed", async () => {
    serve({ password_allowed: true, advanced_default: false });
    renderApp(<BlockDetail id="b1" />);
    await screen.findByRole("heading", { name: "Bloco de assinatura nº 7 — Ofícios da semana" });
    expect(screen.getByText("2 documentos aguardam a sua assinatura.")).toBeTruthy();
    expect(screen.getByTestId("block-state").textContent).toBe("Disponibilizado");
    expect(screen.getByRole("button", { name: "Assinar bloco" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Disponibilizar" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Retirar Despacho do bloco" })).toBeNull();
    // a recipient sees the process number, not a link to a process it may not see
    expect(screen.queryByRole("link", { name: "5001.01.0000001/2026-84" })).toBeNull();
  });

  it("opens the sign dialog on gov.br when the city makes it the default and passwords are off", async () => {
    serve({ password_allowed: false, advanced_default: true });
    renderApp(<BlockDetail id="b1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Assinar bloco" }));
    const dialog = await screen.findByRole("dialog", { name: "Assinar bloco" });
    await waitFor(() => expect(dialog.querySelector("#block-sign-password")).toBeNull());
    const advanced = screen.getByRole("button", { name: "Assinar com gov.br (assinatura avançada)" });
    expect(advanced.className).toContain("primary");
    expect(screen.queryByRole("button", { name: "Assinar com senha" })).toBeNull();
    expect(screen.getByText("Você vai assinar os 2 documentos deste bloco.")).toBeTruthy();
  });
});
