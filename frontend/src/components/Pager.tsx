import { messages } from "../i18n/pt-BR";

/** br-pagination, reduced to what lists here need: previous, "page n of m", next. */
export function Pager({ page, pages, onPage, label }: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  label: string;
}) {
  if (pages <= 1) return null;
  const t = messages.search;
  return (
    <nav className="br-pagination pm-pager" aria-label={label}>
      <button type="button" className="br-button secondary small" disabled={page <= 1}
        onClick={() => onPage(page - 1)}>
        <i className="fas fa-angle-left" aria-hidden="true"></i> {t.previous}
      </button>
      <span aria-live="polite" data-testid="pager-status">{t.page(page, pages)}</span>
      <button type="button" className="br-button secondary small" disabled={page >= pages}
        onClick={() => onPage(page + 1)}>
        {t.next} <i className="fas fa-angle-right" aria-hidden="true"></i>
      </button>
    </nav>
  );
}

/** Client-side paging of a list already in memory (catalogues). */
export function pageOf<T>(items: T[], page: number, size: number): { rows: T[]; pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  return { rows: items.slice((current - 1) * size, current * size), pages, page: current };
}
