import { useEffect, useRef, useState } from "react";
import { Outlet, useLocation } from "react-router";

import type { AppContext } from "../api";
import { Breadcrumb } from "../components/Breadcrumb";
import { Footer } from "../components/Footer";
import { Header } from "../components/Header";
import { Menu } from "../components/Menu";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { useAppContext, useMe } from "./context";
import { crumbsFor, navItems } from "./nav";
import "./shell.css";

const sh = messages.shell;

/** Every page: skip link, br-header, br-menu, br-breadcrumb, the page, br-footer. */
export function Layout() {
  const context = useAppContext();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const ctx: AppContext | null = context.data ?? null;
  const staffHost = ctx?.kind === "municipality" && !!ctx.user && ctx.user.role !== "citizen";
  const me = useMe(staffHost);
  const items = navItems(ctx, !!me.data?.is_municipal_admin);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (ctx) {
      document.title = ctx.kind === "municipality" ? `${ctx.name} — ${messages.appTitle}` : messages.appTitle;
    }
  }, [ctx]);

  // A new page: the focus starts at its content (screen readers hear the new page).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo?.(0, 0);
  }, [location.pathname]);

  return (
    <div className="app-shell">
      <nav className="br-skiplink pm-skiplink" aria-label={sh.skipToContent}>
        <a className="br-item" href="#main">{sh.skipToContent}</a>
      </nav>
      <Header context={ctx} hasMenu={items.length > 1} menuOpen={menuOpen}
        onMenu={() => setMenuOpen((o) => !o)} />
      {items.length > 1 && (
        <Menu items={items} open={menuOpen} onClose={() => setMenuOpen(false)}
          title={ctx?.kind === "municipality" ? `${messages.municipalityPrefix} ${ctx.name}` : (ctx?.name ?? sh.product)} />
      )}
      <main className="container-lg pm-main" id="main" ref={main} tabIndex={-1}>
        <Breadcrumb items={crumbsFor(location.pathname)} />
        {context.isPending && <p role="status">{messages.loading}</p>}
        {context.isError && <Message kind="danger">{messages.loadError}</Message>}
        {ctx && <Outlet context={ctx} />}
      </main>
      <Footer />
    </div>
  );
}
