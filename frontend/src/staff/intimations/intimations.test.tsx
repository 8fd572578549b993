import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { crumbsFor } from "../../shell/nav";
import { renderApp } from "../../test/render";
import type { ProcessScreen, TreeDocument } from "../process/types";
import { IntimateDialog, signedDocuments } from "./IntimateDialog";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const doc = (id: string, label: string, state: TreeDocument["state"]) =>
  ({ id, label, state, signed: state === "signed", allowed_actions: [], content_available: true }) as unknown as TreeDocument;

const process = {
  id: "p1",
  number: "5001.01.0000001/2026-84",
  documents: [
    doc("d1", "Requerimento", "external"),
    doc("d2", "Ofício nº 1/2026", "signed"),
    doc("d3", "Despacho", "draft"),
    doc("d4", "Ofício nº 2/2026", "cancelled"),
  ],
} as unknown as ProcessScreen;

function stubApi(posted: unknown[]) {
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === "POST") {
      posted.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ kind: "Intimação para defesa", recipients: [{ name: "José Cidadão" }] }),
        { status: 201 });
    }
    if (url.includes("intimation-recipients")) {
      return new Response(JSON.stringify([
        { document: "52601815906", masked: "***.018.159-**", name: "José Cidadão", kind: "person", adhered: true,
          intimated_on: [] },
        { document: "99351819093746", masked: "99351819093746", name: "Empresa Ltda", kind: "company", adhered: false,
          intimated_on: [] },
        { document: "08301661305", masked: "***.016.613-**", name: "Ana Vizinha", kind: "person", adhered: true,
          intimated_on: ["d2"] },
      ]), { status: 200 });
    }
    return new Response("null", { status: 404 });
  }));
}

describe("Intimar", () => {
  it("offers only signed documents generated here as the principal", () => {
    expect(signedDocuments(process).map((d) => d.id)).toEqual(["d2"]);
  });

  it("names the pending list in the breadcrumb", () => {
    expect(crumbsFor("/intimacoes-pendentes").map((c) => c.label)).toEqual(["Intimações pendentes"]);
  });

  it("says what is missing, lets only those who adhered be chosen and sends the deadline", async () => {
    const posted: unknown[] = [];
    stubApi(posted);
    const done = vi.fn();
    renderApp(<IntimateDialog process={process} document={null} onDone={done} onClose={() => undefined} />);
    const jose = await screen.findByLabelText(/José Cidadão/);
    expect((screen.getByLabelText(/Empresa Ltda/) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/sem adesão à intimação eletrônica/)).toBeTruthy();
    // Never twice on the same principal.
    expect((screen.getByLabelText(/Ana Vizinha/) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/já intimado com este documento/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Expedir intimação" }));
    expect(await screen.findByText("Escolha ao menos um destinatário que aderiu.")).toBeTruthy();
    expect(screen.getByText("Informe o tipo de intimação.")).toBeTruthy();
    expect(screen.getByText("Informe os fatos e fundamentos legais.")).toBeTruthy();
    expect(posted).toHaveLength(0);

    fireEvent.click(jose);
    fireEvent.change(screen.getByLabelText(/Tipo de intimação/), { target: { value: "Intimação para defesa" } });
    fireEvent.change(screen.getByLabelText(/^Finalidade/), { target: { value: "Apresentar defesa" } });
    fireEvent.change(screen.getByLabelText(/Fatos e fundamentos/), { target: { value: "Auto de infração nº 7." } });
    fireEvent.change(screen.getByLabelText(/^Resposta/), { target: { value: "required" } });
    fireEvent.change(await screen.findByLabelText(/^Prazo de resposta/), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText(/Contado em/), { target: { value: "DU" } });
    fireEvent.click(screen.getByRole("button", { name: "Expedir intimação" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith("Intimação “Intimação para defesa” expedida a José Cidadão."));
    expect(posted[0]).toMatchObject({
      document: "d2", recipients: ["52601815906"], response_mode: "required",
      response_n: 5, response_unit: "D", response_kind: "U", representation_allowed: true,
    });
  });
});
