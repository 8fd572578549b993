// The signatures API the staff screens use (issue 17; see the README's signatures section).
import { api } from "../api";

export type SignatureLevel = "simple" | "advanced" | "qualified";

export interface SignatureWithLevel {
  signer_name: string;
  signer_role: string;
  unit: string;
  signed_at: string;
  method: string;
  method_label: string;
  level: SignatureLevel;
  /** "Assinatura eletrônica avançada (gov.br)"… */
  level_label: string;
}

export interface Authenticity {
  code: string;
  crc: string;
  /** The verification page's address, with code and CRC. */
  url: string;
  sha256: string;
  signatures: SignatureWithLevel[];
}

export interface TypeLevel {
  document_type: string;
  minimum_level: SignatureLevel;
  minimum_level_label: string;
}

export const signatures = {
  /** Start a gov.br advanced signature (or, with level "qualified", one with an
   * ICP-Brasil cloud certificate): where the browser must go to authorise it. */
  startGovbr: (documents: string[], role: string, returnPath: string,
    level: "advanced" | "qualified" = "advanced") =>
    api<{ id: string; authorize_url: string }>("POST", "/api/v1/signatures/govbr/", {
      documents, role, return_path: returnPath, level,
    }),
  authenticity: (document: string) =>
    api<Authenticity>("GET", `/api/v1/documents/${document}/authenticity/`),
  pdfUrl: (document: string) => `/api/v1/documents/${document}/pdf/`,
  level: (documentType: string) =>
    api<TypeLevel>("GET", `/api/v1/document-types/${documentType}/signature-level/`),
  setLevel: (documentType: string, level: SignatureLevel) =>
    api<TypeLevel>("PUT", `/api/v1/document-types/${documentType}/signature-level/`,
      { minimum_level: level }),
};
