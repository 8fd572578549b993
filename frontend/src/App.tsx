import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { Link, Navigate, Outlet, Route, Routes, useNavigate, useParams } from "react-router";

import type { AppContext } from "./api";
import { CitizenApp, MyProcesses, MyProcessRoute, ReceiptRoute, Receipts } from "./citizens/CitizenApp";
import { IntercurrentByNumber, IntercurrentForProcessRoute } from "./citizens/Intercurrent";
import { Intimations } from "./citizens/Intimations";
import { PetitionFormRoute, PetitionTypes } from "./citizens/Petition";
import { GrantForm, Representations } from "./citizens/Representations";
import { SigningReturn } from "./citizens/Signing";
import { StateCities } from "./citizens/StateCities";
import { Message } from "./components/Message";
import { messages } from "./i18n/pt-BR";
import { Login } from "./pages/Login";
import { PublicLookup } from "./pages/PublicLookup";
import { useAppContext, useReloadContext } from "./shell/context";
import { Layout } from "./shell/Layout";
import { Inbox } from "./staff/Inbox";
import { NewProcess } from "./staff/NewProcess";
import { ProcessList } from "./staff/ProcessList";
import { ProcessRoute, StaffApp } from "./staff/StaffApp";
import { WatchList } from "./staff/WatchList";
import { CompanyLinks } from "./staff/CompanyLinks";

const PendingIntimations = lazy(() =>
  import("./staff/intimations/PendingIntimations").then((m) => ({ default: m.PendingIntimations })));

const UUID = /^[0-9a-f-]{36}$/;

// The heavy screens load when first opened (their own chunks), so the first page — the
// inbox for a clerk — downloads only what it shows.
function named<K extends string, P>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const AdminRoutes = named(() => import("./staff/Admin"), "AdminRoutes");
const Search = named(() => import("./staff/Search"), "Search");
const Dashboard = named(() => import("./onboarding/Dashboard"), "Dashboard");
const CaseDetail = named(() => import("./onboarding/CaseDetail"), "CaseDetail");
const Coordinator = named(() => import("./tramita/Coordinator"), "Coordinator");
const SignatureBlocks = named(() => import("./signatures/Blocks"), "Blocks");
const SignatureBlock = named(() => import("./signatures/BlockDetail"), "BlockDetail");

/** A lazily loaded screen, with "Carregando…" while its code arrives. */
export function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p role="status">{messages.loading}</p>}>{children}</Suspense>;
}

/** The routes of the SPA; which exist depends on the host (city or state) and the user. */
export function App() {
  const ctx = useAppContext().data;
  // role (from /api/v1/context/) says staff or citizen, so no staff endpoint is probed.
  const staffHost = ctx?.kind === "municipality" && !!ctx.user && ctx.user.role !== "citizen";
  const citizenHost = ctx?.kind === "municipality" && ctx.user?.role === "citizen";
  const stateHost = ctx?.kind === "state";
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="consulta" element={<PublicLookup />} />
        <Route path="entrar" element={<LoginPage />} />
        {staffHost && (
          <Route element={<StaffApp />}>
            <Route index element={<Inbox />} />
            <Route path="pesquisa" element={<Lazy><Search /></Lazy>} />
            <Route path="processos" element={<ProcessList />} />
            <Route path="processos/novo" element={<NewProcess />} />
            <Route path="processos/:id" element={<ProcessRoute />} />
            <Route path="acompanhamento" element={<WatchList />} />
            <Route path="blocos-de-assinatura" element={<Lazy><SignatureBlocks /></Lazy>} />
            <Route path="blocos-de-assinatura/:id" element={<SignatureBlockRoute />} />
            <Route path="intimacoes-pendentes" element={<Lazy><PendingIntimations /></Lazy>} />
            <Route path="vinculacoes" element={<CompanyLinks />} />
            <Route path="administracao/*" element={<Lazy><AdminRoutes /></Lazy>} />
            <Route path="*" element={<NotFound />} />
          </Route>
        )}
        {ctx?.kind === "municipality" && !!ctx.user && (
          <Route path="cidadao" element={<CitizenApp />}>
            <Route index element={<MyProcesses />} />
            <Route path="processos/:id" element={<MyProcessRoute />} />
            <Route path="processos/:id/peticionar" element={<IntercurrentForProcessRoute />} />
            <Route path="intercorrente" element={<IntercurrentByNumber />} />
            <Route path="assinatura/retorno" element={<SigningReturn />} />
            <Route path="peticionar" element={<PetitionTypes />} />
            <Route path="peticionar/:typeId" element={<PetitionFormRoute />} />
            <Route path="recibos" element={<Receipts />} />
            <Route path="recibos/:id" element={<ReceiptRoute />} />
            <Route path="intimacoes" element={<Intimations />} />
            <Route path="representacoes" element={<Representations />} />
            <Route path="representacoes/outorgar" element={<GrantForm />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        )}
        {citizenHost && <Route index element={<Navigate to="/cidadao" replace />} />}
        {stateHost && (
          <>
            {ctx?.user && !ctx.user.is_coordinator && <Route index element={<StateCities />} />}
            {ctx?.user && ctx.user.is_coordinator && <Route path="meus-processos" element={<StateCities />} />}
            {!(ctx?.user && !ctx.user.is_coordinator) && <Route index element={<Welcome />} />}
            <Route element={<CoordinatorOnly />}>
              <Route path="implantacao" element={<Lazy><Dashboard /></Lazy>} />
              <Route path="implantacao/casos/:id" element={<CaseRoute />} />
              <Route path="tramita" element={<Lazy><Coordinator /></Lazy>} />
            </Route>
          </>
        )}
        <Route path="*" element={<Welcome />} />
      </Route>
    </Routes>
  );
}

function LoginPage() {
  const ctx = useAppContext().data;
  const reload = useReloadContext();
  const navigate = useNavigate();
  return (
    <Login onDone={async () => {
      await reload();
      navigate(ctx?.kind === "state" ? "/implantacao" : "/");
    }} />
  );
}

/** The state coordination's areas: only for coordinators. */
function CoordinatorOnly() {
  const ctx = useAppContext().data!;
  if (!ctx.user) return <Message kind="info">{messages.onboarding.signInFirst}</Message>;
  if (!ctx.user.is_coordinator) return <Message kind="danger">{messages.onboarding.restricted}</Message>;
  return <OutletPassthrough />;
}

function OutletPassthrough() {
  return <Outlet />;
}

function SignatureBlockRoute() {
  const { id = "" } = useParams();
  if (!UUID.test(id)) return <NotFound />;
  return <Lazy><SignatureBlock key={id} id={id} /></Lazy>;
}

function CaseRoute() {
  const { id = "" } = useParams();
  if (!UUID.test(id)) return <NotFound />;
  return <Lazy><CaseDetail id={id} /></Lazy>;
}

export function NotFound() {
  return (
    <div className="pm-empty">
      <h1>{messages.notFound}</h1>
      <p><Link to="/">{messages.shell.home}</Link></p>
    </div>
  );
}

function Welcome() {
  const context: AppContext = useAppContext().data!;
  const isCity = context.kind === "municipality";
  return (
    <div className="br-card pm-welcome">
      <div className="card-content">
        <h1 className="text-weight-semi-bold">
          {isCity ? messages.cityWelcomeTitle(context.name) : messages.stateWelcomeTitle}
        </h1>
        <p>{isCity ? messages.cityWelcomeText : messages.stateWelcomeText}</p>
        {isCity && !context.user && <p>{messages.staff.signInFirst}</p>}
        {!isCity && context.user?.is_coordinator && (
          <div className="pm-actions">
            <Link className="br-button primary" to="/implantacao">{messages.onboarding.title}</Link>
            <Link className="br-button secondary" to="/tramita">{messages.tramita.coordinatorLink}</Link>
          </div>
        )}
      </div>
    </div>
  );
}
