import { useEffect, useState } from "react";

import { type AppContext, fetchContext } from "./api";
import { Footer } from "./components/Footer";
import { Header } from "./components/Header";
import { messages } from "./i18n/pt-BR";

type State =
  | { status: "loading" }
  | { status: "error" }
  | { status: "ready"; context: AppContext };

export function App() {
  const [state, setState] = useState<State>({ status: "loading" });

  useEffect(() => {
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

  const context = state.status === "ready" ? state.context : null;
  return (
    <div className="app-shell">
      <Header context={context} />
      <main className="container-lg my-5" id="main">
        {state.status === "loading" && <p role="status">{messages.loading}</p>}
        {state.status === "error" && (
          <div className="br-message danger" role="alert">
            <div className="icon">
              <i className="fas fa-times-circle fa-lg" aria-hidden="true"></i>
            </div>
            <div className="content">{messages.loadError}</div>
          </div>
        )}
        {context && <Welcome context={context} />}
      </main>
      <Footer />
    </div>
  );
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
      </div>
    </div>
  );
}
