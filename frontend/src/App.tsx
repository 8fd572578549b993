import { useCallback, useEffect, useState } from "react";

import { type AppContext, fetchContext } from "./api";
import { Footer } from "./components/Footer";
import { Header } from "./components/Header";
import { Message } from "./components/Message";
import { messages } from "./i18n/pt-BR";
import { CaseDetail } from "./onboarding/CaseDetail";
import { Dashboard } from "./onboarding/Dashboard";
import { Login } from "./pages/Login";
import { PublicLookup } from "./pages/PublicLookup";
import { StaffApp } from "./staff/StaffApp";
import { Coordinator } from "./tramita/Coordinator";
import { linkProps, navigate, usePath } from "./router";

type State =
  | { status: "loading" }
  | { status: "error" }
  | { status: "ready"; context: AppContext };

export function App() {
  const [state, setState] = useState<State>({ status: "loading" });
  const path = usePath();

  const load = useCallback(() => {
    fetchContext()
      .then((context) => {
        setState({ status: "ready", context });
        document.title =
          context.kind === "municipality"
            ? `${context.name} — ${messages.appTitle}`
            : messages.appTitle;
      })
      .catch(() => setState({ status: "error" }));
  }, []);
  useEffect(load, [load]);

  const context = state.status === "ready" ? state.context : null;
  return (
    <div className="app-shell">
      <Header context={context} />
      <main className="container-lg my-5" id="main">
        {state.status === "loading" && <p role="status">{messages.loading}</p>}
        {state.status === "error" && <Message kind="danger">{messages.loadError}</Message>}
        {context && <Page context={context} path={path} reload={load} />}
      </main>
      <Footer />
    </div>
  );
}

function Page({ context, path, reload }: { context: AppContext; path: string; reload: () => void }) {
  if (path === "/consulta") return <PublicLookup />;
  if (path === "/entrar") {
    const home = context.kind === "state" ? "/implantacao" : "/";
    return <Login onDone={() => { reload(); navigate(home); }} />;
  }
  if (context.kind === "municipality" && context.user) {
    return <StaffApp path={path} />;
  }
  if (context.kind === "state") {
    if (path.replace(/\/$/, "") === "/tramita") {
      if (!context.user) return <Message kind="info">{messages.onboarding.signInFirst}</Message>;
      if (!context.user.is_coordinator) {
        return <Message kind="danger">{messages.onboarding.restricted}</Message>;
      }
      return <Coordinator />;
    }
    if (path === "/implantacao" || path.startsWith("/implantacao/")) {
      if (!context.user) return <Message kind="info">{messages.onboarding.signInFirst}</Message>;
      if (!context.user.is_coordinator) {
        return <Message kind="danger">{messages.onboarding.restricted}</Message>;
      }
      const match = path.match(/^\/implantacao\/casos\/([0-9a-f-]{36})\/?$/);
      if (match) return <CaseDetail id={match[1]} />;
      if (path.replace(/\/$/, "") === "/implantacao") return <Dashboard />;
      return <Message kind="info">{messages.notFound}</Message>;
    }
  }
  return <Welcome context={context} />;
}

function Welcome({ context }: { context: AppContext }) {
  const isCity = context.kind === "municipality";
  return (
    <div className="br-card">
      <div className="card-content">
        <h1 className="text-weight-semi-bold">
          {isCity ? messages.cityWelcomeTitle(context.name) : messages.stateWelcomeTitle}
        </h1>
        <p>{isCity ? messages.cityWelcomeText : messages.stateWelcomeText}</p>
        {!isCity && context.user?.is_coordinator && (
          <div className="pm-actions">
            <a className="br-button primary" {...linkProps("/implantacao")}>
              {messages.onboarding.title}
            </a>
            <a className="br-button secondary" {...linkProps("/tramita")}>
              {messages.tramita.coordinatorLink}
            </a>
          </div>
        )}
      </div>
    </div>
  );
}
