import { describe, expect, it } from "vitest";

import { type AdminPetitionType, payloadOf, valuesOf } from "./Petitioning";

const row: AdminPetitionType = {
  id: "pt-1",
  process_type: { id: "ptype", name: "Alvará" },
  unit: { id: "unit", acronym: "SEOB", name: "Secretaria de Obras" },
  guidance: "Envie a planta.\nPrazo: 15 dias.",
  access_rule: "fixed",
  fixed_access_level: "restricted",
  fixed_legal_basis: "basis",
  requires_advanced: true,
  allow_third_parties: false,
  max_file_mb: 5,
  formats: { "application/pdf": ".pdf", "image/png": ".png" },
  active: false,
  documents: [
    { document_type: { id: "req", name: "Requerimento" }, required: true, access_level: null },
    { document_type: { id: "anexo", name: "Anexo" }, required: false, access_level: "public" },
  ],
};

describe("Administração › Peticionamento form ↔ API", () => {
  it("takes a published type into the form and back, unchanged", () => {
    const values = valuesOf(row);
    expect(values.documents).toEqual([
      { document_type: "req", role: "essential", access_level: "" },
      { document_type: "anexo", role: "complementary", access_level: "public" },
    ]);
    expect(values.formats).toEqual(["application/pdf", "image/png"]);
    expect(payloadOf(values, row.active)).toEqual({
      process_type: "ptype", unit: "unit", guidance: row.guidance, access_rule: "fixed",
      fixed_access_level: "restricted", fixed_legal_basis: "basis", requires_advanced: true,
      allow_third_parties: false, max_file_mb: 5, formats: ["application/pdf", "image/png"], active: false,
      documents: [
        { document_type: "req", required: true, access_level: "" },
        { document_type: "anexo", required: false, access_level: "public" },
      ],
    });
  });

  it("sends no legal basis when the citizen chooses the level", () => {
    const values = { ...valuesOf(row), access_rule: "citizen" as const };
    const body = payloadOf(values);
    expect(body.fixed_legal_basis).toBeNull();
    expect(body.fixed_access_level).toBe("public");
    expect(body.active).toBe(true);
  });
});
