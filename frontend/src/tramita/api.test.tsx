import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { type Envelope, envelopeQuery, formatDateTime, formatHierarchy, isOpen,
  structureLabel } from "./api";
import { ExternalPanel, statusClass } from "./ProcessExternal";

afterEach(cleanup);

const seges = {
  numeroDeIdentificacaoDaEstrutura: "1001",
  nome: "Secretaria de Gestão e Inovação",
  sigla: "SEGES",
  ativo: true,
  aptoParaReceberTramites: true,
  hierarquia: [
    { sigla: "MGI", nome: "Ministério da Gestão e da Inovação em Serviços Públicos" },
    { sigla: "", nome: "Secretaria-Executiva" },
  ],
};

describe("formatHierarchy", () => {
  it("joins the ancestors outermost first, by acronym or else by name", () => {
    expect(formatHierarchy(seges)).toBe("MGI › Secretaria-Executiva");
  });
  it("is empty at the top of the tree or without a hierarchy", () => {
    expect(formatHierarchy({ hierarquia: [] })).toBe("");
    expect(formatHierarchy({ hierarquia: null })).toBe("");
    expect(formatHierarchy({})).toBe("");
  });
});

describe("structureLabel", () => {
  it("shows acronym, name and where it sits", () => {
    expect(structureLabel(seges)).toBe(
      "SEGES — Secretaria de Gestão e Inovação (MGI › Secretaria-Executiva)",
    );
    expect(structureLabel({ ...seges, sigla: "", hierarquia: [] })).toBe(
      "Secretaria de Gestão e Inovação",
    );
  });
});

describe("envelopeQuery", () => {
  it("keeps only what is filtered, and the page after the first", () => {
    expect(envelopeQuery({ status: "", direction: "", q: "  ", page: 1 })).toBe("");
    expect(envelopeQuery({ status: "stuck", direction: "out", q: " Ipatinga ", page: 3 })).toBe(
      "?status=stuck&direction=out&q=Ipatinga&page=3",
    );
    expect(envelopeQuery({ municipality: "3125101" })).toBe("?municipality=3125101");
  });
});

describe("formatDateTime and isOpen", () => {
  it("formats in pt-BR and shows a dash when there is no date", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
    expect(formatDateTime("2026-03-05T14:30:00Z")).toContain("2026");
  });
  it("treats completed, refused and cancelled as final", () => {
    expect(isOpen({ status: "in_transit" })).toBe(true);
    expect(isOpen({ status: "failed" })).toBe(true);
    expect(isOpen({ status: "completed" })).toBe(false);
    expect(isOpen({ status: "refused" })).toBe(false);
    expect(statusClass({ status: "in_transit", stuck: true })).toContain("danger");
    expect(statusClass({ status: "completed", stuck: false })).toContain("success");
  });
});

describe("ExternalPanel", () => {
  const envelope: Envelope = {
    id: "e1", direction: "out", direction_label: "Envio", status: "refused",
    status_label: "Recusado", stuck: false, municipality: "Extrema", process_uuid: "p1",
    process_number: "3125.10.0000001/2026-00", remote_name: "Instituto Nacional do Seguro Social",
    remote_structure_id: 1100, idt: 42, nre: "", situation: 9, attempts: 1, last_error: "",
    refusal_reason: "04", refusal_text: "Espécie documental não mapeada.", next_attempt_at: null,
    created_at: "2026-03-05T14:30:00Z", updated_at: "2026-03-05T14:31:00Z", completed_at: null,
  };
  it("shows status, destination, IDT and the refusal", () => {
    render(<ExternalPanel envelopes={[envelope]} locked={false} />);
    const text = screen.getByTestId("external-status").textContent ?? "";
    expect(text).toContain("Recusado");
    expect(text).toContain("Instituto Nacional do Seguro Social");
    expect(text).toContain("42");
    expect(text).toContain("Espécie documental não mapeada.");
    expect(text).not.toContain("somente leitura");
  });
  it("says the process is read-only while locked, and is absent when there is nothing", () => {
    render(<ExternalPanel envelopes={[{ ...envelope, status: "in_transit", refusal_text: "" }]} locked />);
    expect(screen.getByText("Processo em trâmite externo: somente leitura")).toBeTruthy();
    cleanup();
    const { container } = render(<ExternalPanel envelopes={[]} locked={false} />);
    expect(container.innerHTML).toBe("");
  });
});
