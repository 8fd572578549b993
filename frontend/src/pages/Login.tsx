import { type FormEvent, useState } from "react";

import { ApiError, login } from "../api";
import { Message } from "../components/Message";
import { messages } from "../i18n/pt-BR";

export function Login({ onDone }: { onDone: () => void }) {
  const [cpf, setCpf] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const t = messages.login;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      await login(cpf, password);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? t.failed : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="br-card p-4 pm-narrow" onSubmit={submit}>
      <h1>{t.title}</h1>
      <p>{t.help}</p>
      {error && <Message kind="danger">{error}</Message>}
      <div className="br-input mb-3">
        <label htmlFor="login-cpf">{t.cpf}</label>
        <input id="login-cpf" inputMode="numeric" autoComplete="username" value={cpf}
          onChange={(e) => setCpf(e.target.value)} required />
      </div>
      <div className="br-input mb-3">
        <label htmlFor="login-password">{t.password}</label>
        <input id="login-password" type="password" autoComplete="current-password"
          value={password} onChange={(e) => setPassword(e.target.value)} required />
      </div>
      <button className="br-button primary" type="submit" disabled={busy}>{t.submit}</button>
    </form>
  );
}
