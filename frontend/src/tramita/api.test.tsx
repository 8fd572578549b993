import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { type Envelope, canRepeat, envelopeQuery, formatDateTime, formatHierarchy, isOpen,
  structureLabel, urgencyBody } from "./api";
import { DocumentExternalPanel, attachmentChoices } from "./DocumentExternal";
import { ExternalPanel, statusClass } from "./ProcessExternal";
import { urgencyComplete } from "./Urgency";

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

describe("documentos avulsos, urgency and repeat", () => {
  it("filters envelope lists by kind", () => {
    expect(envelopeQuery({ kind: "document", page: 1 })).toBe("?kind=document");
  });
  it("sends urgency only when urgent, with the reason's code", () => {
    expect(urgencyBody({ urgent: false, reason: 3 })).toEqual({});
    expect(urgencyBody({ urgent: true, reason: 2 })).toEqual({ urgent: true, urgency_reason: 2 });
    expect(urgencyBody({ urgent: true, reason: null })).toEqual({ urgent: true });
    expect(urgencyComplete({ urgent: true, reason: null })).toBe(false);
    expect(urgencyComplete({ urgent: false, reason: null })).toBe(true);
  });
  it("offers the repeat only on a receipt that ended and has an NRE", () => {
    expect(canRepeat({ direction: "in", status: "refused", nre: "0000012" })).toBe(true);
    expect(canRepeat({ direction: "in", status: "failed", nre: "0000012" })).toBe(true);
    expect(canRepeat({ direction: "in", status: "receiving", nre: "0000012" })).toBe(false);
    expect(canRepeat({ direction: "in", status: "completed", nre: "" })).toBe(false);
    expect(canRepeat({ direction: "out", status: "completed", nre: "0000012" })).toBe(false);
  });
  it("offers as anexos the process's other signed or uploaded documents", () => {
    const docs = [
      { id: "a", label: "Ofício 1", state: "signed" },
      { id: "b", label: "Planta", state: "external" },
      { id: "c", label: "Minuta", state: "draft" },
      { id: "d", label: "Ofício 2", state: "cancelled" },
    ];
    expect(attachmentChoices(docs, "a").map((d) => d.id)).toEqual(["b"]);
  });
  it("shows where the document went with both receipts", () => {
    render(<DocumentExternalPanel envelopes={[{
      id: "e2", direction: "out", direction_label: "Envio", kind: "document",
      kind_label: "Documento avulso", status: "completed", status_label: "Concluído", stuck: false,
      municipality: "Extrema", process_uuid: "p1", process_number: "1", document_uuid: "d1",
      remote_name: "Prefeitura Municipal de Ipatinga", remote_structure_id: 3131307, idt: 77,
      nre: "0000077", situation: 6, attempts: 1, last_error: "", refusal_reason: "",
      refusal_text: "", urgent: true, urgency_reason: "Prazo judicial",
      sending_receipt_at: "2026-03-05T14:31:00Z", completion_receipt_at: "2026-03-05T14:40:00Z",
      next_attempt_at: null, created_at: "2026-03-05T14:30:00Z", updated_at: "2026-03-05T14:40:00Z",
      completed_at: "2026-03-05T14:40:00Z",
    }]} />);
    const text = screen.getByTestId("document-external").textContent ?? "";
    expect(text).toContain("Concluído");
    expect(text).toContain("Prefeitura Municipal de Ipatinga");
    expect(text).toContain("Urgente");
    expect(text).toContain("Prazo judicial");
    expect(text).toContain("Recibo de conclusão em");
    expect(text).toContain("05/03/2026");
  });
});
