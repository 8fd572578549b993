import { Link } from "react-router";

import { messages } from "../i18n/pt-BR";

export interface Crumb {
  label: string;
  to?: string;
}

/** br-breadcrumb: home, the ancestors as links, the current page last. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  if (!items.length) return null;
  return (
    <nav className="br-breadcrumb pm-breadcrumb" aria-label={messages.shell.breadcrumb}>
      <ol className="crumb-list">
        <li className="crumb home">
          <Link className="br-button circle" to="/">
            <span className="sr-only">{messages.shell.home}</span>
            <i className="fas fa-home" aria-hidden="true"></i>
          </Link>
        </li>
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <li className="crumb" key={`${item.label}-${i}`} data-active={last ? "active" : undefined}>
              <i className="icon fas fa-chevron-right" aria-hidden="true"></i>
              {last || !item.to ? (
                <span aria-current={last ? "page" : undefined}>{item.label}</span>
              ) : (
                <Link to={item.to}>{item.label}</Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
