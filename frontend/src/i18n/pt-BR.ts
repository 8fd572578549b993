// Every user-facing string of the SPA, in one catalogue.
export const messages = {
  appTitle: "Processo Municipal",
  loading: "Carregando…",
  loadError: "Não foi possível carregar os dados. Tente novamente em instantes.",
  signIn: "Entrar com gov.br",
  signOut: "Sair",
  municipalityPrefix: "Prefeitura Municipal de",
  stateWelcomeTitle: "Coordenação estadual de implantação",
  stateWelcomeText:
    "Acompanhe a adesão das prefeituras ao Processo Municipal, da manifestação de interesse até o sistema no ar.",
  cityWelcomeTitle: (name: string) => `Bem-vindo ao Processo Municipal de ${name}`,
  cityWelcomeText:
    "Processos administrativos eletrônicos da prefeitura: crie, assine, tramite e consulte documentos sem papel.",
  footer: "Processo Municipal — plataforma de processo eletrônico para os municípios",
  signedInAs: "Conectado como",
} as const;
