import { useEffect, useRef } from "react";
import { NavLink, useLocation } from "react-router";

import { messages } from "../i18n/pt-BR";
import type { NavItem } from "../shell/nav";

const sh = messages.shell;

/** br-menu (off-canvas): the sections of the app; Esc or the scrim closes it, and it
 * closes itself on navigation. Focus goes to it when it opens and back when it closes. */
export function Menu({ items, open, onClose, title }: {
  items: NavItem[];
  open: boolean;
  onClose: () => void;
  title: string;
}) {
  const closeButton = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    close.current();
  }, [location.pathname]);
  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") close.current(); };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.getElementById("pm-menu-button")?.focus();
    };
  }, [open]);

  const link = (item: NavItem, nested = false) => (
    <NavLink key={item.to} to={item.to} end={item.to === "/" || !!item.children}
      className={({ isActive }) => `menu-item ${isActive ? "active" : ""} ${nested ? "pm-nested" : ""}`}>
      <span className="icon"><i className={`fas ${item.icon}`} aria-hidden="true"></i></span>
      <span className="content">{item.label}</span>
    </NavLink>
  );

  return (
    <div className={`br-menu ${open ? "active" : ""}`} id="main-navigation" hidden={!open}>
      <div className="menu-container">
        <div className="menu-panel">
          <div className="menu-header">
            <div className="menu-title"><span>{title}</span></div>
            <div className="menu-close">
              <button ref={closeButton} className="br-button circle" type="button" aria-label={sh.closeMenu} onClick={onClose}>
                <i className="fas fa-times" aria-hidden="true"></i>
              </button>
            </div>
          </div>
          <nav className="menu-body" aria-label={sh.menuTitle}>
            {items.map((item) => item.children ? (
              <div className="menu-folder" key={item.to}>
                {link(item)}
                <ul>{item.children.map((child) => <li key={child.to}>{link(child, true)}</li>)}</ul>
              </div>
            ) : link(item))}
          </nav>
        </div>
        <div className="menu-scrim" onClick={onClose} aria-hidden="true"></div>
      </div>
    </div>
  );
}
