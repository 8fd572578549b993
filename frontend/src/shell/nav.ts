import type { AppContext } from "../api";
import type { Crumb } from "../components/Breadcrumb";
import { citizenAdminMessages } from "../i18n/citizenAdmin";
import { citizenMessages } from "../i18n/citizens";
import { intimationMessages } from "../i18n/intimations";
import { messages } from "../i18n/pt-BR";
import { signatureMessages } from "../i18n/signatures";

const s = messages.shell.sections;
const a = messages.admin;

export interface NavItem {
  to: string;
  label: string;
  icon: string;
  children?: NavItem[];
}

/** Administração's sections: one sub-route each. */
export const ADMIN_SECTIONS: NavItem[] = [
  { to: "/administracao/unidades", label: a.units, icon: "fa-sitemap" },
  { to: "/administracao/servidores", label: a.staff, icon: "fa-users" },
  { to: "/administracao/tipos-de-processo", label: a.processTypes, icon: "fa-folder" },
  { to: "/administracao/tipos-de-documento", label: a.documentTypes, icon: "fa-file-alt" },
  { to: "/administracao/hipoteses-legais", label: a.legalBases, icon: "fa-balance-scale" },
  { to: "/administracao/modelos", label: a.templates, icon: "fa-file-signature" },
  { to: "/administracao/tramites-externos", label: messages.tramita.link, icon: "fa-exchange-alt" },
  { to: "/administracao/peticionamento", label: citizenAdminMessages.sections.petitioning, icon: "fa-inbox" },
  { to: "/administracao/politica-do-cidadao", label: citizenAdminMessages.sections.policy, icon: "fa-user-shield" },
  { to: "/administracao/calendario", label: citizenAdminMessages.sections.calendar, icon: "fa-calendar-alt" },
];

/** The sections a person may open on this host (the br-menu). */
export function navItems(context: AppContext | null, isAdmin: boolean): NavItem[] {
  const items: NavItem[] = [];
  const citizen = context?.user?.role === "citizen";
  // The citizen area (staff reach it at /cidadao too, without a menu entry).
  if (context?.kind === "municipality" && citizen) {
    items.push({ to: "/cidadao", label: citizenMessages.menu, icon: "fa-user" });
  }
  if (context?.kind === "state" && citizen) {
    items.push({ to: "/", label: citizenMessages.state.title, icon: "fa-user" });
  }
  if (context?.kind === "municipality" && context.user && !citizen) {
    items.push(
      { to: "/", label: s.inbox, icon: "fa-inbox" },
      { to: "/pesquisa", label: s.search, icon: "fa-search" },
      { to: "/processos", label: s.processes, icon: "fa-folder-open" },
      { to: "/acompanhamento", label: s.watch, icon: "fa-eye" },
      { to: "/blocos-de-assinatura", label: signatureMessages.blocks.menu, icon: "fa-file-signature" },
      { to: "/intimacoes-pendentes", label: intimationMessages.menu, icon: "fa-bullhorn" },
      { to: "/vinculacoes", label: citizenMessages.staffLinks.title, icon: "fa-building" },
    );
    if (isAdmin) items.push({ to: "/administracao", label: s.admin, icon: "fa-cog", children: ADMIN_SECTIONS });
  }
  if (context?.kind === "state" && context.user?.is_coordinator) {
    items.push(
      { to: "/implantacao", label: s.onboarding, icon: "fa-city" },
      { to: "/tramita", label: s.tramita, icon: "fa-exchange-alt" },
    );
  }
  items.push({ to: "/consulta", label: s.publicLookup, icon: "fa-search-location" });
  return items;
}

/** Where am I: the breadcrumb of a path (the home page has none). */
export function crumbsFor(path: string): Crumb[] {
  const p = path.replace(/\/+$/, "") || "/";
  if (p === "/") return [];
  if (p === "/pesquisa") return [{ label: s.search }];
  if (p === "/processos") return [{ label: s.processes }];
  if (p === "/processos/novo") return [{ label: s.processes, to: "/processos" }, { label: messages.shell.newProcess }];
  if (p.startsWith("/processos/")) return [{ label: s.processes, to: "/processos" }, { label: messages.shell.process }];
  if (p === "/acompanhamento") return [{ label: s.watch }];
  if (p === "/blocos-de-assinatura") return [{ label: signatureMessages.blocks.menu }];
  if (p.startsWith("/blocos-de-assinatura/")) {
    return [{ label: signatureMessages.blocks.menu, to: "/blocos-de-assinatura" }, { label: signatureMessages.blocks.crumb }];
  }
  if (p === "/intimacoes-pendentes") return [{ label: intimationMessages.menu }];
  if (p === "/vinculacoes") return [{ label: citizenMessages.staffLinks.title }];
  if (p === "/administracao") return [{ label: s.admin }];
  if (p.startsWith("/administracao/")) {
    const section = ADMIN_SECTIONS.find((x) => x.to === p);
    return [{ label: s.admin, to: "/administracao" }, { label: section?.label ?? messages.notFound }];
  }
  if (p === "/implantacao") return [{ label: s.onboarding }];
  if (p.startsWith("/implantacao/")) return [{ label: s.onboarding, to: "/implantacao" }, { label: messages.shell.caseDetail }];
  if (p === "/tramita") return [{ label: s.tramita }];
  if (p === "/consulta") return [{ label: s.publicLookup }];
  if (p === "/meus-processos") return [{ label: citizenMessages.state.title }];
  if (p === "/cidadao") return [{ label: citizenMessages.areaTitle }];
  if (p.startsWith("/cidadao/")) return [{ label: citizenMessages.areaTitle, to: "/cidadao" }, { label: citizenSection(p) }];
  if (p === "/entrar") return [{ label: messages.login.title }];
  return [{ label: messages.notFound }];
}

function citizenSection(p: string): string {
  const tabs = citizenMessages.tabs;
  if (p.startsWith("/cidadao/processos/")) return messages.shell.process;
  if (p.startsWith("/cidadao/peticionar") || p.startsWith("/cidadao/intercorrente")) return tabs.petition;
  if (p.startsWith("/cidadao/assinatura")) return citizenMessages.signing.returnTitle;
  if (p.startsWith("/cidadao/recibos")) return tabs.receipts;
  if (p.startsWith("/cidadao/intimacoes")) return tabs.intimations;
  if (p.startsWith("/cidadao/representacoes")) return tabs.representations;
  return messages.notFound;
}
