// The process screen's panels of the citizen side: the petitions that made or fed the
// process (with their recibo) and the intimações with each destinatário's state.
import { useQuery } from "@tanstack/react-query";

import { Table } from "../../components/Table";
import { Tag } from "../../components/Tag";
import { formatDate, formatDateTime } from "../../dates";
import { intimationMessages } from "../../i18n/intimations";
import { intimationsApi } from "./api";

const m = intimationMessages;

/** A button that shows a document of the process in the viewer (the tree's own). */
function DocumentButton({ id, label, onOpen, name }: {
  id: string; label: string; onOpen: (id: string) => void; name?: string;
}) {
  return (
    <button type="button" className="br-button secondary small" aria-label={name}
      onClick={() => onOpen(id)}>
      {label}
    </button>
  );
}

export function PetitionsPanel({ processId, onOpen }: { processId: string; onOpen: (id: string) => void }) {
  const q = useQuery({
    queryKey: ["process", processId, "petitions"],
    queryFn: () => intimationsApi.petitions(processId),
    staleTime: 0,
  });
  if (!q.data?.length) return null;
  return (
    <section className="pm-citizen-panel" aria-labelledby="pm-petitions-title" data-testid="petitions-panel">
      <h2 id="pm-petitions-title" className="h5">{m.petitions.title}</h2>
      <Table caption={m.petitions.caption}>
        <thead>
          <tr>
            <th scope="col">{m.petitions.kind}</th><th scope="col">{m.petitions.at}</th>
            <th scope="col">{m.petitions.signer}</th><th scope="col">{m.petitions.receipt}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((p) => (
            <tr key={p.id}>
              <td><Tag tone="warning" icon="fa-inbox">{p.kind_label}</Tag></td>
              <td>{formatDateTime(p.committed_at)}</td>
              <td>{p.signer}</td>
              <td>
                {p.receipt_document && (
                  <span style={{ display: "inline-flex", gap: "0.5rem", flexWrap: "wrap" }}>
                    <DocumentButton id={p.receipt_document.id} label={m.petitions.open} onOpen={onOpen} />
                    <a className="br-button secondary small" href={intimationsApi.contentUrl(p.receipt_document.id)}
                      download>
                      <i className="fas fa-download" aria-hidden="true" /> {m.petitions.download}
                    </a>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

export function IntimationsPanel({ processId, onOpen }: { processId: string; onOpen: (id: string) => void }) {
  const q = useQuery({
    queryKey: ["process", processId, "intimations"],
    queryFn: () => intimationsApi.list(processId),
    staleTime: 0,
  });
  if (!q.data?.length) return null;
  const p = m.panel;
  return (
    <section className="pm-citizen-panel" aria-labelledby="pm-intimations-title" data-testid="intimations-panel">
      <h2 id="pm-intimations-title" className="h5">{p.title}</h2>
      {q.data.map((i) => (
        <article key={i.id} className="pm-intimation" style={{ marginBottom: "1rem" }}>
          <p style={{ marginBottom: "0.25rem" }}>
            <strong>{i.kind}</strong> — {p.issued(formatDateTime(i.issued_at), i.unit)}.{" "}
            {p.principal}:{" "}
            <DocumentButton id={i.document.id} label={i.document.label} onOpen={onOpen} />
            {i.annexes.length > 0 && <> {p.annexes}: {i.annexes.map((a) => (
              <DocumentButton key={a.id} id={a.id} label={a.label} onOpen={onOpen} />
            ))}</>}
          </p>
          <Table caption={p.caption(i.kind)}>
            <thead>
              <tr>
                <th scope="col">{p.recipient}</th><th scope="col">{p.state}</th>
                <th scope="col">{p.tacit}</th><th scope="col">{p.due}</th>
                <th scope="col">{p.certificate}</th><th scope="col">{p.response}</th>
              </tr>
            </thead>
            <tbody>
              {i.recipients.map((r) => (
                <tr key={r.id} data-testid="intimation-recipient">
                  <td>{r.name} ({r.person})</td>
                  <td><Tag tone={m.tones[r.state] ?? "info"}>{r.state_label}</Tag>
                    {r.fulfilled_on && <div className="text-down-01">{p.fulfilled} {formatDate(r.fulfilled_on)}</div>}
                  </td>
                  <td>{formatDate(r.tacit_date)}</td>
                  <td>{r.response_due ? formatDate(r.response_due) : p.none}</td>
                  <td>{r.certificate?.document
                    ? <DocumentButton id={r.certificate.document.id} label={p.openCertificate} onOpen={onOpen}
                      name={`${p.openCertificate}: ${r.name}`} />
                    : p.none}</td>
                  <td>{r.response?.receipt_document
                    ? <DocumentButton id={r.response.receipt_document.id} label={p.openReceipt} onOpen={onOpen}
                      name={`${p.openReceipt}: ${r.name}`} />
                    : p.none}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </article>
      ))}
    </section>
  );
}
