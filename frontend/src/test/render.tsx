import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";

import { NavigationBridge } from "../router";

/** Renders `ui` inside the providers main.tsx gives the app (router, server state). */
export function renderApp(ui: ReactElement, { path = window.location.pathname } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`${path}${window.location.search}`]}>
        <NavigationBridge />
        {ui}
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
