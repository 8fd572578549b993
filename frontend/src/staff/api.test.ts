import { describe, expect, it } from "vitest";

import { allPages, rawUpload } from "./api";

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

describe("allPages", () => {
  it("follows DRF's next links to the last page, on this host", async () => {
    const asked: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      asked.push(url);
      const page = url.includes("page=2")
        ? { count: 3, next: null, results: [{ id: "c" }] }
        : { count: 3, next: "http://extrema.localhost:8000/api/v1/units/?page=2", results: [{ id: "a" }, { id: "b" }] };
      return Response.json(page);
    }) as typeof fetch;
    try {
      expect(await allPages<{ id: string }>("/api/v1/units/")).toEqual([{ id: "a" }, { id: "b" }, { id: "c" }]);
      expect(asked).toEqual(["/api/v1/units/", "/api/v1/units/?page=2"]);
    } finally {
      globalThis.fetch = original;
    }
  });
});
