import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { ApiError, login } from "../api";
import { Input } from "../components/Field";
import { Message } from "../components/Message";
import { maskCpf, requiredText } from "../forms";
import { messages } from "../i18n/pt-BR";

const t = messages.login;
const schema = z.object({
  cpf: requiredText(t.cpfRequired).refine((v) => v.replace(/\D/g, "").length === 11, t.cpfDigits),
  password: requiredText(t.passwordRequired),
});
type Values = z.infer<typeof schema>;

/** CPF and password (the state's staff, development); gov.br is the way for everyone else. */
export function Login({ onDone }: { onDone: () => void }) {
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { cpf: "", password: "" } });
  const errors = form.formState.errors;
  const submit = useMutation({
    mutationFn: (v: Values) => login(v.cpf, v.password),
    onSuccess: () => onDone(),
  });
  const error = submit.error;
  const cpf = form.register("cpf");

  return (
    <section className="pm-narrow">
      <form className="pm-card" noValidate onSubmit={form.handleSubmit((v) => submit.mutate(v))}>
        <h1>{t.title}</h1>
        <p>{t.help}</p>
        {error && (
          <Message kind="danger" focus>
            {error instanceof ApiError && error.status === 400 ? t.failed : error.message}
          </Message>
        )}
        <Input id="login-cpf" label={t.cpf} required inputMode="numeric" autoComplete="username"
          placeholder="000.000.000-00" error={errors.cpf?.message} {...cpf}
          onChange={(e) => { e.target.value = maskCpf(e.target.value); cpf.onChange(e); }} />
        <Input id="login-password" label={t.password} required type="password" autoComplete="current-password"
          error={errors.password?.message} {...form.register("password")} />
        <div className="pm-form-actions">
          <button className="br-button primary" type="submit" disabled={submit.isPending}>{t.submit}</button>
        </div>
        <p className="pm-hint">
          {t.govbrHint} <a href={`/login/govbr/?next=${encodeURIComponent("/")}`}>{messages.signIn}</a>
        </p>
      </form>
    </section>
  );
}
