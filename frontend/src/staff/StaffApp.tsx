import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, useState } from "react";
import { Outlet, useParams } from "react-router";

import { Lazy, NotFound } from "../App";
import { Checkbox, Select } from "../components/Field";
import { Linkify } from "../components/Linkify";
import { type Notice, NoticeView } from "../components/Message";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";
import { useMe } from "../shell/context";
import { type Me, staff } from "./api";
import { prefetchProcess } from "./process/queries";

const t = messages.staff;

/** The staff app on a municipality's host: only for its staff members. Shows the
 * current unit (switchable) above every staff page. */
export function StaffApp() {
  const me = useMe();
  const client = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);

  const switchUnit = useMutation({
    mutationFn: staff.switchUnit,
    onSuccess: (updated: Me) => {
      client.setQueryData(["me"], updated);
      // Everything else was seen from the old unit.
      client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "me" && q.queryKey[0] !== "context" });
      const unit = updated.units.find((u) => u.id === updated.current_unit);
      setNotice({ kind: "success", text: messages.shellStaff.unitSwitched(unit ? `${unit.acronym} — ${unit.name}` : "") });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });
  const notifications = useMutation({
    mutationFn: staff.setEmailNotifications,
    onSuccess: (updated: Me) => {
      client.setQueryData(["me"], updated);
      setNotice({ kind: "success", text: updated.email_notifications ? messages.notifications.on : messages.notifications.off });
    },
    onError: (e: Error) => setNotice({ kind: "danger", text: e.message }),
  });

  if (me.isError) {
    const e = me.error;
    if (e.status === 403) {
      // The server says why when it is the gov.br trust level; otherwise: not staff.
      return <Message kind="info"><Linkify text={e.message.includes("gov.br") ? e.message : t.notStaff} /></Message>;
    }
    return <Message kind="danger">{e.message}</Message>;
  }
  if (!me.data) return <p role="status">{messages.loading}</p>;
  const data = me.data;

  return (
    <>
      <div className="pm-unit-bar" data-testid="unit-bar">
        <Select id="current-unit" label={t.currentUnit} className="pm-unit-select" value={data.current_unit ?? ""}
          disabled={switchUnit.isPending}
          onChange={(e) => switchUnit.mutate(e.target.value)}
          options={(data.units ?? []).map((u) => ({ value: u.id, label: `${u.acronym} — ${u.name}` }))} />
        <Checkbox id="email-notifications" data-testid="email-notifications" label={messages.notifications.email}
          checked={data.email_notifications} disabled={notifications.isPending}
          onChange={(e) => notifications.mutate(e.target.checked)} />
      </div>
      <NoticeView notice={notice} onClose={() => setNotice(null)} />
      <Outlet />
    </>
  );
}

const UUID = /^[0-9a-f-]{36}$/;

// The process screen is the heaviest (editor, viewer, dialogs): its own chunk, asked for
// at once when the app starts on a process's address (in parallel with the API calls),
// and so is the process itself when the server's hint says a staff member is signed in.
// Once the chunk is here the route renders it directly: going through React.lazy again
// would suspend for a tick and React holds a revealed Suspense boundary back ~300 ms.
let processViewModule: typeof import("./ProcessView") | null = null;
const loadProcessView = () => import("./ProcessView").then((m) => (processViewModule = m));
const ProcessView = lazy(() => loadProcessView().then((m) => ({ default: m.ProcessView })));
const bootProcess = typeof window !== "undefined" && /^\/processos\/([0-9a-f-]{36})/.exec(window.location.pathname);
if (bootProcess) {
  void loadProcessView();
  if (document.querySelector('meta[name="pm-signed-in"][content="city"]')) prefetchProcess(bootProcess[1]);
}

/** /processos/:id — the process view (its own component, owned by the process screen). */
export function ProcessRoute() {
  const { id = "" } = useParams();
  const me = useMe().data;
  if (!UUID.test(id)) return <NotFound />;
  const key = `${id}-${me?.current_unit}`;
  if (processViewModule) return <processViewModule.ProcessView key={key} id={id} />;
  return <Lazy><ProcessView key={key} id={id} /></Lazy>;
}
