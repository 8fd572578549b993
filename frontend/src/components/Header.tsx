import { type AppContext, logout } from "../api";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";

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

export function Header({ context }: { context: AppContext | null }) {
  const isCity = context?.kind === "municipality";
  return (
    <header className="br-header" id="header" data-sticky="data-sticky">
      <div className="container-lg">
        <div className="header-top">
          <div className="header-logo">
            <span className="header-sign">{context?.state_name ?? ""}</span>
          </div>
          <div className="header-actions">
            <div className="header-login">
              {context?.user ? (
                <div className="d-flex align-items-center">
                  <span className="mr-2" data-testid="user-name">
                    {messages.signedInAs} {context.user.name}
                  </span>
                  <button className="br-button secondary small" type="button" onClick={() => signOut(context)}>
                    {messages.signOut}
                  </button>
                </div>
              ) : (
                <div className="d-flex align-items-center">
                  {context && (
                    <a className="br-button secondary small mr-2" {...linkProps("/entrar")}>
                      {messages.signInWithPassword}
                    </a>
                  )}
                  <a className="br-sign-in primary" href={loginHref()}>
                    <i className="fas fa-user" aria-hidden="true"></i>
                    <span className="d-sm-inline">{messages.signIn}</span>
                  </a>
                </div>
              )}
            </div>
          </div>
        </div>
        <div className="header-bottom">
          <div className="header-menu">
            <div className="header-info">
              <div className="header-title">{messages.appTitle}</div>
              <a className="header-subtitle" {...linkProps("/consulta")}>
                {messages.publicLookup.link}
              </a>
              {context && (
                <div className="header-subtitle">
                  {isCity ? `${messages.municipalityPrefix} ` : ""}
                  <span data-testid="tenant-name">{context.name}</span>
                </div>
              )}
            </div>
          </div>
        </div>
      </div>
    </header>
  );
}
