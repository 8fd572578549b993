import { describe, expect, it } from "vitest";

import { rawUpload } from "./api";

describe("rawUpload", () => {
  it("sends the file as the body and the filled-in fields in the query", () => {
    const form = new FormData();
    form.set("document_type", "7c1d2b1e-0000-4000-8000-000000000001");
    form.set("document_date", "");
    form.set("form", "copy");
    const file = new File(["%PDF-1.7"], "ata de reunião.pdf", { type: "application/pdf" });
    form.set("file", file);
    const { file: body, query } = rawUpload(form);
    expect(body.name).toBe("ata de reunião.pdf");
    expect(Object.fromEntries(query)).toEqual({
      filename: "ata de reunião.pdf",
      document_type: "7c1d2b1e-0000-4000-8000-000000000001",
      form: "copy",
    });
    expect(query.toString()).toContain("filename=ata+de+reuni%C3%A3o.pdf");
  });
});
