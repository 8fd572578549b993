import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";

import { type AppContext, logout } from "../api";
import { messages } from "../i18n/pt-BR";

const sh = messages.shell;

async function signOut(context: AppContext | null) {
  // A gov.br session also ends at gov.br (and comes back here); a password one here.
  if (context?.user?.auth_method === "govbr") {
    window.location.assign("/logout/govbr/");
    return;
  }
  try {
    await logout();
  } finally {
    window.location.assign("/");
  }
}

function loginHref(): string {
  const next = window.location.pathname + window.location.search;
  return `/login/govbr/?next=${encodeURIComponent(next)}`;
}

/** The signed-in person: an avatar button opening their menu (who, how, Sair). */
function UserMenu({ context }: { context: AppContext }) {
  const user = context.user!;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") setOpen(false); };
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  const first = user.name.split(" ")[0];
  return (
    <div className="pm-user" ref={box}>
      <button type="button" className="br-sign-in pm-user-button" aria-expanded={open} aria-haspopup="true"
        aria-controls="pm-user-menu" onClick={() => setOpen((o) => !o)}>
        <span className="br-avatar small" aria-hidden="true">
          <span className="content bg-blue-warm-vivid-70 text-pure-0">{user.name.charAt(0).toUpperCase()}</span>
        </span>
        <span className="pm-user-first" data-testid="user-name">
          <span className="sr-only">{messages.signedInAs} </span>{user.name}
        </span>
        <span className="sr-only">{sh.userMenu(first)}</span>
        <i className={`fas fa-caret-${open ? "up" : "down"}`} aria-hidden="true"></i>
      </button>
      <div className="br-list pm-user-menu" id="pm-user-menu" hidden={!open}>
        <div className="br-item pm-user-who">
          <strong>{user.name}</strong>
          <span>{user.cpf_masked}</span>
          {user.auth_method && <span>{sh.signedInWith[user.auth_method]}</span>}
        </div>
        <span className="br-divider"></span>
        <button className="br-item" type="button" onClick={() => signOut(context)}>
          <i className="fas fa-sign-out-alt" aria-hidden="true"></i> {messages.signOut}
        </button>
      </div>
    </div>
  );
}

/** br-header: who runs this site (the city or the state), the product, the public
 * lookup link, the gov.br sign-in or the person's menu, and the menu button. */
export function Header({ context, onMenu, menuOpen, hasMenu }: {
  context: AppContext | null;
  onMenu?: () => void;
  menuOpen?: boolean;
  hasMenu?: boolean;
}) {
  const isCity = context?.kind === "municipality";
  return (
    <header className="br-header pm-header" id="header">
      <div className="container-lg">
        <div className="header-top">
          <div className="header-logo">
            <i className="fas fa-landmark pm-header-emblem" aria-hidden="true"></i>
            <span className="br-divider vertical"></span>
            <div className="header-sign">
              {context && (isCity ? (
                <>{messages.municipalityPrefix} <span data-testid="tenant-name">{context.name}</span></>
              ) : (
                <span data-testid="tenant-name">{context.name}</span>
              ))}
            </div>
          </div>
          <div className="header-actions">
            <div className="header-links pm-header-links">
              <Link className="br-button small pm-header-link" to="/consulta">
                <i className="fas fa-search-location" aria-hidden="true"></i>
                <span>{messages.publicLookup.link}</span>
              </Link>
            </div>
            <span className="br-divider vertical mx-half mx-sm-1"></span>
            <div className="header-login">
              {context?.user ? (
                <UserMenu context={context} />
              ) : (
                <div className="pm-sign-in">
                  {context && (
                    <Link className="br-button secondary small pm-password-login" to="/entrar">
                      {messages.signInWithPassword}
                    </Link>
                  )}
                  <a className="br-sign-in primary small" href={loginHref()}>
                    <i className="fas fa-user" aria-hidden="true"></i>
                    <span>{messages.signIn}</span>
                  </a>
                </div>
              )}
            </div>
          </div>
        </div>
        <div className="header-bottom">
          <div className="header-menu">
            {hasMenu && (
              <div className="header-menu-trigger">
                <button className="br-button small circle" type="button" id="pm-menu-button"
                  aria-label={menuOpen ? sh.closeMenu : sh.openMenu} aria-expanded={menuOpen}
                  aria-controls="main-navigation" onClick={onMenu}>
                  <i className="fas fa-bars" aria-hidden="true"></i>
                </button>
              </div>
            )}
            <div className="header-info">
              <Link className="header-title pm-header-title" to="/">{sh.product}</Link>
              <div className="header-subtitle">
                {isCity && context ? sh.stateOf(context.state_name) : sh.productSubtitle}
              </div>
            </div>
          </div>
        </div>
      </div>
    </header>
  );
}
