import { useEffect, useState } from "react";

import { ApiError } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { linkProps } from "../router";
import { Admin } from "./Admin";
import { type Me, staff } from "./api";
import { Inbox } from "./Inbox";
import { NewProcess } from "./NewProcess";
import { ProcessList } from "./ProcessList";
import { ProcessView } from "./ProcessView";
import { Search } from "./Search";
import { WatchList } from "./Watch";

const t = messages.staff;

/** The staff app on a municipality's host: only for its staff members. */
export function StaffApp({ path }: { path: string }) {
  const [me, setMe] = useState<Me | null>(null);
  const [denied, setDenied] = useState("");
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  useEffect(() => setNotice(""), [path]);

  useEffect(() => {
    staff.me().then(setMe).catch((e) => {
      if (e instanceof ApiError && e.status === 403) {
        // The server says why when it is the gov.br trust level; otherwise: not staff.
        setDenied(e.message.includes("gov.br") ? e.message : t.notStaff);
      }
      else setError(e.message);
    });
  }, []);

  if (denied) return <Message kind="info">{denied}</Message>;
  if (error) return <Message kind="danger">{error}</Message>;
  if (!me) return <p>{messages.loading}</p>;

  const match = path.match(/^\/processos\/([0-9a-f-]{36})\/?$/);
  return (
    <>
      <div className="pm-unit-bar">
        <label htmlFor="current-unit">{t.currentUnit}</label>{" "}
        <select id="current-unit" value={me.current_unit ?? ""} onChange={(e) =>
          staff.switchUnit(e.target.value).then(setMe).catch((err) => setError(err.message))}>
          {(me.units ?? []).map((u) => <option key={u.id} value={u.id}>{u.acronym} — {u.name}</option>)}
        </select>
        <label className="ml-3">
          <input type="checkbox" checked={me.email_notifications} data-testid="email-notifications"
            onChange={(e) => staff.setEmailNotifications(e.target.checked).then((updated) => {
              setMe(updated);
              setNotice(updated.email_notifications ? messages.notifications.on : messages.notifications.off);
            }).catch((err) => setError(err.message))} /> {messages.notifications.email}
        </label>
        <nav className="pm-staff-menu" aria-label={messages.menu.label}>
          {([["/", messages.menu.inbox], ["/pesquisa", messages.menu.search],
            ["/processos", messages.menu.processes],
            ["/acompanhamento", messages.menu.watch]] as const).map(([href, label]) => (
            <a key={href} className="br-button secondary small" {...linkProps(href)}
              aria-current={path === href ? "page" : undefined}>{label}</a>
          ))}
          {me.is_municipal_admin && (
            <a className="br-button secondary small" {...linkProps("/administracao")}
              aria-current={path === "/administracao" ? "page" : undefined}>
              {messages.admin.link}
            </a>
          )}
        </nav>
      </div>
      {notice && <Message kind="success">{notice}</Message>}
      {path === "/administracao" && me.is_municipal_admin ? <Admin />
        : path === "/acompanhamento" ? <WatchList />
        : path === "/processos/novo" ? <NewProcess />
        : match ? <ProcessView key={`${match[1]}-${me.current_unit}`} id={match[1]} />
        : path === "/pesquisa" ? <Search />
        : path === "/processos" ? <ProcessList /> : <Inbox unit={me.current_unit} />}
    </>
  );
}
