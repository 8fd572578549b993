import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";

import { Message } from "../components/Message";
import { Pager } from "../components/Pager";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { formatDate } from "../dates";
import { messages } from "../i18n/pt-BR";
import { staff } from "./api";
import { pageCount } from "./searchQuery";

const t = messages.staff;
const LEVEL_TONE = { public: "success", restricted: "warning", secret: "danger" } as const;

/** Processos: every process I may see, newest first, page by page. */
export function ProcessList() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("pagina") ?? "1", 10) || 1);
  const list = useQuery({
    queryKey: ["processes", page],
    queryFn: () => staff.processes(page),
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.results;
  return (
    <section>
      <div className="pm-page-head">
        <h1>{t.processes}</h1>
        <Link className="br-button primary" to="/processos/novo">
          <i className="fas fa-plus" aria-hidden="true"></i> {t.newProcess}
        </Link>
      </div>
      {list.isError && <Message kind="danger" focus>{list.error.message}</Message>}
      {list.isPending && <p role="status">{messages.loading}</p>}
      {items && items.length === 0 && <p className="pm-empty-text">{t.noProcesses}</p>}
      {items && items.length > 0 && (
        <Table caption={t.processes} testId="processes">
          <thead>
            <tr><th scope="col">{t.number}</th><th scope="col">{t.type}</th><th scope="col">{t.summary}</th>
              <th scope="col">{t.unit}</th><th scope="col">{t.accessLevel}</th>
              <th scope="col">{messages.search.date}</th></tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td className="pm-nowrap"><Link to={`/processos/${p.id}`}>{p.number}</Link></td>
                <td>{p.process_type}</td><td>{p.summary}</td><td>{p.unit}</td>
                <td><Tag tone={LEVEL_TONE[p.access_level]}>{t.accessLevels[p.access_level]}</Tag></td>
                <td>{formatDate(p.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} pages={pageCount(list.data?.count ?? 0)} label={t.processes}
        onPage={(p) => setParams(p > 1 ? { pagina: String(p) } : {})} />
    </section>
  );
}
