const ICONS = { danger: "fa-times-circle", success: "fa-check-circle", info: "fa-info-circle" };

export function Message({ kind, children }: { kind: keyof typeof ICONS; children: React.ReactNode }) {
  return (
    <div className={`br-message ${kind}`} role={kind === "danger" ? "alert" : "status"}>
      <div className="icon">
        <i className={`fas ${ICONS[kind]} fa-lg`} aria-hidden="true"></i>
      </div>
      <div className="content">{children}</div>
    </div>
  );
}
