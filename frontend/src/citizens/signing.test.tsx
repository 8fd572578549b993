import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";

import { isStarted, SignatureStep, signatureRequirement } from "./Signing";

afterEach(cleanup);

describe("signatureRequirement", () => {
  it("is simples for público documents where the decree admits it", () => {
    expect(signatureRequirement({ restricted: false })).toEqual({ advanced: false, reasons: [] });
  });

  it("is avançada with every reason that makes it so", () => {
    expect(signatureRequirement({ restricted: true, requiresAdvanced: true, simpleAllowed: false })).toEqual({
      advanced: true, reasons: ["restricted_document", "type_requires_advanced", "simple_not_admitted"],
    });
  });
});

describe("SignatureStep", () => {
  it("says which signature, why, and tells a bronze account how to raise its level", () => {
    render(
      <MemoryRouter>
        <SignatureStep id="s" requirement={signatureRequirement({ restricted: true })} trustLevel="bronze"
          checked={false} onChange={() => {}} />
      </MemoryRouter>,
    );
    expect(screen.getByText("Esta petição será assinada com: Assinatura eletrônica avançada (gov.br).")).toBeTruthy();
    expect(screen.getByText("há documento com nível de acesso restrito")).toBeTruthy();
    const link = screen.getByRole("link", { name: "Como aumentar o nível da conta gov.br" });
    expect(link.getAttribute("href")).toBe("https://confiabilidades.acesso.gov.br/");
  });

  it("names the simple signature without the upgrade warning", () => {
    render(
      <MemoryRouter>
        <SignatureStep id="s" requirement={signatureRequirement({ restricted: false })} trustLevel="bronze"
          checked={false} onChange={() => {}} />
      </MemoryRouter>,
    );
    expect(screen.getByText("Esta petição será assinada com: Assinatura eletrônica simples.")).toBeTruthy();
    expect(screen.queryByTestId("signature-upgrade")).toBeNull();
  });
});

describe("isStarted", () => {
  it("tells a 202 (gov.br) answer from a petition", () => {
    expect(isStarted({ signature: "avancada", id: "x", authorize_url: "https://cas", reasons: [] })).toBe(true);
  });
});
