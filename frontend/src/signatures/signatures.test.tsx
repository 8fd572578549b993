import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Authenticity } from "./api";
import { AuthenticityBlock, levelOf } from "./AuthenticityBlock";

const found: Authenticity = {
  code: "5649795162", crc: "3F20DAB8", sha256: "ab",
  url: "https://extrema.example/conferir-autenticidade/?codigo=5649795162&crc=3F20DAB8",
  signatures: [{
    signer_name: "Bruno Servidor", signer_role: "", unit: "GAB",
    signed_at: "2026-12-02T15:22:10-03:00", method: "govbr_iti", method_label: "gov.br",
    level: "advanced", level_label: "Assinatura eletrônica avançada (gov.br)",
  }],
};

describe("signatures", () => {
  it("matches a signature's level by signer and moment, whatever the time zone notation", () => {
    expect(levelOf(found, { signer_name: "Bruno Servidor", signed_at: "2026-12-02T18:22:10Z" }))
      .toBe("Assinatura eletrônica avançada (gov.br)");
    expect(levelOf(found, { signer_name: "Outra Pessoa", signed_at: "2026-12-02T18:22:10Z" })).toBe("");
    expect(levelOf(undefined, { signer_name: "Bruno Servidor", signed_at: "2026-12-02T18:22:10Z" })).toBe("");
  });

  it("shows the código verificador, CRC, the verification page and the signed PDF", () => {
    render(<AuthenticityBlock documentId="d1" label="Despacho" authenticity={found} />);
    expect(screen.getByRole("heading", { name: "Autenticidade" })).toBeTruthy();
    expect(screen.getByTestId("verification-code").textContent).toBe("5649795162");
    expect(screen.getByTestId("verification-crc").textContent).toBe("3F20DAB8");
    expect(screen.getByRole("link", { name: /Conferir autenticidade de Despacho/ })
      .getAttribute("href")).toBe(found.url);
    expect(screen.getByRole("link", { name: "Baixar PDF assinado de Despacho" })
      .getAttribute("href")).toBe("/api/v1/documents/d1/pdf/");
  });

  it("names each distinct signature level once, qualified included", () => {
    const qualified = { ...found.signatures[0], signer_name: "Ana", level: "qualified" as const,
      level_label: "Assinatura eletrônica qualificada (ICP-Brasil)" };
    const { container } = render(<AuthenticityBlock documentId="d2" label="Portaria"
      authenticity={{ ...found, signatures: [found.signatures[0], qualified, qualified] }} />);
    expect(container.querySelector("[data-testid='signature-levels']")?.textContent).toBe(
      "Assinatura eletrônica avançada (gov.br); Assinatura eletrônica qualificada (ICP-Brasil)");
  });
});
