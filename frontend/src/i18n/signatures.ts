// pt-BR texts of the signature screens (issue 17): the gov.br advanced signature, the
// authenticity block of a signed document, the minimum signature level per type.
export const signatureMessages = {
  advanced: "Assinar com gov.br (assinatura avançada)",
  advancedHelp:
    "Você será levado ao gov.br para autorizar a assinatura com o seu certificado (conta prata ou ouro).",
  advancedStarting: "Abrindo o gov.br…",
  signedAdvanced: (label: string) => `${label} assinado com gov.br (assinatura avançada).`,
  signedMany: (count: number) =>
    count === 1 ? "Documento assinado com gov.br (assinatura avançada)."
      : `${count} documentos assinados com gov.br (assinatura avançada).`,
  authenticity: {
    title: "Autenticidade",
    code: "Código verificador",
    crc: "Código CRC",
    check: "Conferir autenticidade",
    checkLabel: (label: string) => `Conferir autenticidade de ${label} (abre a página de verificação)`,
    download: "Baixar PDF assinado",
    downloadLabel: (label: string) => `Baixar PDF assinado de ${label}`,
    loading: "Carregando os dados de autenticidade…",
    signatures: "Assinaturas",
  },
  levels: {
    title: "Nível mínimo de assinatura",
    help: "O nível mais baixo de assinatura (Lei nº 14.063/2020) que cada tipo de documento aceita nesta prefeitura.",
    documentType: "Tipo de documento",
    level: "Nível mínimo",
    chooseType: "Escolha o tipo de documento",
    chooseTypeRequired: "Escolha o tipo de documento.",
    save: "Salvar nível",
    saved: (type: string, level: string) => `Nível mínimo de “${type}”: ${level}.`,
    loading: "…",
    options: {
      simple: "Assinatura eletrônica simples",
      advanced: "Assinatura eletrônica avançada (gov.br)",
      qualified: "Assinatura eletrônica qualificada (ICP-Brasil)",
    },
  },
};
