import { describe, expect, it } from "vitest";

import { emptyFilters, hasFilters, pageCount, parseSearchQuery, searchQuery } from "./searchQuery";

describe("search query", () => {
  it("leaves blank filters out and trims the others", () => {
    const filters = { ...emptyFilters, q: "  poda de árvore ", unit: "SEOB", party: " " };
    expect(searchQuery(filters)).toBe("q=poda+de+%C3%A1rvore&unit=SEOB");
    expect(searchQuery(emptyFilters)).toBe("");
  });

  it("adds the page only past the first", () => {
    expect(searchQuery({ ...emptyFilters, number: "5001.01.0000001/2026-84" }, 2)).toBe(
      "number=5001.01.0000001%2F2026-84&page=2",
    );
    expect(searchQuery(emptyFilters, 1)).toBe("");
  });

  it("reads back what it wrote, ignoring unknown names and bad pages", () => {
    const filters = { ...emptyFilters, q: "obra", from: "2026-01-01", to: "2026-01-31" };
    expect(parseSearchQuery(searchQuery(filters, 3))).toEqual({ filters, page: 3 });
    expect(parseSearchQuery("?x=1&page=-2")).toEqual({ filters: emptyFilters, page: 1 });
    expect(parseSearchQuery("page=abc").page).toBe(1);
  });

  it("knows when something was asked and how many pages there are", () => {
    expect(hasFilters(emptyFilters)).toBe(false);
    expect(hasFilters({ ...emptyFilters, type: "x" })).toBe(true);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
  });
});
