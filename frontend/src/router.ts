import { useLocation, useNavigate } from "react-router";
import { useEffect } from "react";

/**
 * Routing is react-router's (BrowserRouter in main.tsx). These helpers let code outside
 * components navigate and give plain <a> elements client-side navigation.
 */
let navigateImpl: ((path: string) => void) | null = null;

/** Mounted once inside the router: hands react-router's navigate to `navigate()`. */
export function NavigationBridge() {
  const nav = useNavigate();
  useEffect(() => {
    navigateImpl = (path: string) => nav(path);
    return () => {
      navigateImpl = null;
    };
  }, [nav]);
  return null;
}

/** Client-side navigation within the SPA (Django serves index.html for every path). */
export function navigate(path: string) {
  if (navigateImpl) navigateImpl(path);
  else window.location.assign(path);
}

export function usePath(): string {
  return useLocation().pathname;
}

/** An <a> that navigates without reloading the page. */
export function linkProps(path: string) {
  return {
    href: path,
    onClick: (event: { preventDefault: () => void; metaKey?: boolean; ctrlKey?: boolean }) => {
      if (event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      navigate(path);
    },
  };
}
