import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";

// The gov.br Design System and its typefaces, bundled locally (no CDN): Raleway is the
// design system's fallback face (Rawline is not distributed on npm), Font Awesome 5
// provides the icons its components use.
import "@fontsource/raleway/400.css";
import "@fontsource/raleway/500.css";
import "@fontsource/raleway/600.css";
import "@fontsource/raleway/700.css";
import "@fortawesome/fontawesome-free/css/all.min.css";
import "@govbr-ds/core/dist/core.min.css";
import "./styles.css";

import { App } from "./App";
import { NavigationBridge } from "./router";
import { staff } from "./staff/api";

// Server state (fetching, caching, invalidation) is TanStack Query's; see docs/frontend.md.
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

// Signed in on a city host (the server's hint in the page): who am I is asked at once, in
// parallel with where am I (/api/v1/context/), not after it.
if (document.querySelector('meta[name="pm-signed-in"][content="city"]')) {
  void queryClient.prefetchQuery({ queryKey: ["me"], queryFn: staff.me, staleTime: 60_000 });
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <NavigationBridge />
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
