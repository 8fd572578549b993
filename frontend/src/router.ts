import { useEffect, useState } from "react";

/** Client-side navigation within the SPA (Django serves index.html for every path). */
export function navigate(path: string) {
  window.history.pushState({}, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return path;
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
