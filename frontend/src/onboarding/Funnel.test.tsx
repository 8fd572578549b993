import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { errorMessage } from "../api";
import { Funnel } from "./Funnel";

afterEach(cleanup);

describe("Funnel", () => {
  it("draws one bar per stage, scaled to the largest", () => {
    render(
      <Funnel
        funnel={[
          { status: "interest", label: "Manifestação de interesse", count: 10 },
          { status: "live", label: "Em produção", count: 5 },
        ]}
      />,
    );
    expect(screen.getByTestId("funnel-interest").textContent).toBe("10");
    const bars = screen.getByTestId("funnel").querySelectorAll<HTMLElement>(".pm-funnel-bar");
    expect([...bars].map((bar) => bar.style.width)).toEqual(["100%", "50%"]);
  });
});

describe("errorMessage", () => {
  it("prefers the server's detail, then the first field error", () => {
    expect(errorMessage({ code: "x", detail: "Informe o motivo." }, "?")).toBe("Informe o motivo.");
    expect(errorMessage({ cpf: ["CPF inválido."] }, "?")).toBe("CPF inválido.");
    expect(errorMessage(null, "Erro 500.")).toBe("Erro 500.");
  });
});
