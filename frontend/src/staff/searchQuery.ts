/** Pure helpers of the search screen: its filters <-> the API's query string. */

export interface SearchFilters {
  q: string;
  type: string;
  unit: string;
  from: string;
  to: string;
  party: string;
  number: string;
}

export const FILTER_NAMES = ["q", "type", "unit", "from", "to", "party", "number"] as const;

export const emptyFilters: SearchFilters = {
  q: "", type: "", unit: "", from: "", to: "", party: "", number: "",
};

/** The API's page size (REST_FRAMEWORK["PAGE_SIZE"]). */
export const PAGE_SIZE = 50;

/** The query string for the API (and the address bar): blank filters left out, page
 * only when past the first. */
export function searchQuery(filters: SearchFilters, page = 1): string {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value) query.set(name, value);
  }
  if (page > 1) query.set("page", String(page));
  return query.toString();
}

/** Back from a query string (e.g. a shared /pesquisa?q=… address). */
export function parseSearchQuery(search: string): { filters: SearchFilters; page: number } {
  const query = new URLSearchParams(search);
  const filters = { ...emptyFilters };
  for (const name of FILTER_NAMES) filters[name] = query.get(name) ?? "";
  const page = Number.parseInt(query.get("page") ?? "1", 10);
  return { filters, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

export function hasFilters(filters: SearchFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name].trim() !== "");
}

export function pageCount(count: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
