import { messages } from "../i18n/pt-BR";

export function Footer() {
  return (
    <footer className="br-footer">
      <div className="container-lg">
        <div className="info">
          <div className="text-down-01 text-medium pb-3">{messages.footer}</div>
        </div>
      </div>
    </footer>
  );
}
