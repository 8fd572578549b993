import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { formatDate, formatDateTime, formatSize, parseDate } from "../dates";
import { cpf, isValidCpf, maskCpf, requiredText } from "../forms";
import { ConfirmDialog } from "./Dialog";
import { Input, Select } from "./Field";
import { Upload } from "./Upload";

afterEach(cleanup);

describe("dates", () => {
  it("shows calendar dates as dd/mm/aaaa without shifting the day", () => {
    expect(formatDate("2026-12-10")).toBe("10/12/2026");
    expect(formatDate(null)).toBe("—");
  });
  it("shows timestamps in São Paulo time", () => {
    // 02:30 UTC on the 11th is still the 10th, 23:30, in São Paulo (UTC-3).
    expect(formatDateTime("2026-12-11T02:30:00Z")).toBe("10/12/2026 às 23:30");
    expect(formatDate("2026-12-11T02:30:00Z")).toBe("10/12/2026");
  });
  it("parses dd/mm/aaaa and refuses impossible dates", () => {
    expect(parseDate("10/12/2026")).toBe("2026-12-10");
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("2026-12-10")).toBeNull();
  });
  it("formats sizes", () => {
    expect(formatSize(512)).toBe("512 bytes");
    expect(formatSize(2048)).toBe("2 KB");
    expect(formatSize(5 * 1024 * 1024 + 400 * 1024)).toBe("5,4 MB");
  });
});

describe("forms", () => {
  it("checks CPF digits with a pt-BR message", () => {
    expect(isValidCpf("529.982.247-25")).toBe(true);
    expect(isValidCpf("111.111.111-11")).toBe(false);
    const result = cpf().safeParse("123.456.789-00");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("CPF inválido: confira os 11 dígitos.");
    expect(requiredText().safeParse("  ").error?.issues[0].message).toBe("Preencha este campo.");
    expect(maskCpf("52998224725")).toBe("529.982.247-25");
  });
});

describe("Input and Select", () => {
  it("label the control and describe it by its error", () => {
    render(<Input id="name" label="Nome" required error="Preencha este campo." />);
    const input = screen.getByLabelText(/Nome/);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("name-error");
    expect(screen.getByRole("alert").textContent).toContain("Preencha este campo.");
  });
  it("renders a native select with a placeholder", () => {
    render(<Select id="kind" label="Tipo" placeholder="Escolha" options={[{ value: "a", label: "A" }]} />);
    const select = screen.getByLabelText("Tipo") as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    expect(select.options).toHaveLength(2);
  });
});

function UploadHarness({ max, progress }: { max?: number; progress?: number }) {
  const [file, setFile] = useState<File | null>(null);
  return <Upload id="file" label="Arquivo PDF" file={file} onChange={setFile} accept=".pdf,application/pdf" maxBytes={max} progress={progress} />;
}

describe("Upload", () => {
  it("keeps the file input visible and shows the chosen file's name and size", () => {
    render(<UploadHarness />);
    const input = screen.getByLabelText(/Arquivo PDF/) as HTMLInputElement;
    expect(input.type).toBe("file");
    const file = new File(["x".repeat(2048)], "acordo.pdf", { type: "application/pdf" });
    fireEvent.change(input, { target: { files: [file] } });
    const chosen = screen.getByTestId("upload-chosen");
    expect(chosen.textContent).toContain("acordo.pdf");
    expect(chosen.textContent).toContain("2 KB");
    fireEvent.click(screen.getByRole("button", { name: /Remover arquivo/ }));
    expect(screen.queryByTestId("upload-chosen")).toBeNull();
  });
  it("accepts a dropped file and refuses a wrong type or a too-large one", () => {
    render(<UploadHarness max={1024} />);
    const zone = screen.getByTestId("file-zone");
    const image = new File(["x"], "foto.png", { type: "image/png" });
    fireEvent.drop(zone, { dataTransfer: { files: [image] } });
    expect(screen.getByRole("alert").textContent).toContain("não é aceito");
    const big = new File(["x".repeat(4096)], "grande.pdf", { type: "application/pdf" });
    fireEvent.drop(zone, { dataTransfer: { files: [big] } });
    expect(screen.getByRole("alert").textContent).toContain("tamanho máximo de 1 KB");
    const ok = new File(["x"], "ok.pdf", { type: "application/pdf" });
    fireEvent.drop(zone, { dataTransfer: { files: [ok] } });
    expect(screen.getByTestId("upload-chosen").textContent).toContain("ok.pdf");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("ConfirmDialog", () => {
  it("focuses inside, traps Tab, and closes on Esc", () => {
    const onClose = vi.fn();
    const onConfirm = vi.fn();
    render(
      <>
        <button type="button">fora</button>
        <ConfirmDialog title="Concluir processo" question="Concluir?" onConfirm={onConfirm} onClose={onClose} />
      </>,
    );
    const dialog = screen.getByRole("dialog", { name: "Concluir processo" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    const confirm = screen.getByRole("button", { name: "Confirmar" });
    confirm.focus();
    fireEvent.keyDown(document, { key: "Tab" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Voltar" }));
    fireEvent.keyDown(document, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledOnce();
    fireEvent.keyDown(document, { key: "Escape" });
    expect(onClose).toHaveBeenCalledOnce();
  });
});
