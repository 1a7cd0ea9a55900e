import type { RouteObject } from "react-router";
import { AgentTokensPage } from "../admin/AgentTokensPage";
import { ApiTokensPage } from "../admin/ApiTokensPage";
import { DeploymentsPage } from "../admin/DeploymentsPage";
import { MembersPage } from "../admin/MembersPage";
import { AssetDetailPage } from "../assets/AssetDetailPage";
import { CatalogPage } from "../assets/CatalogPage";
import { RunDetailPage } from "../runs/RunDetailPage";
import { RunsPage } from "../runs/RunsPage";
import { AcceptInvitationPage } from "../auth/AcceptInvitationPage";
import { AuthFrame } from "../auth/AuthFrame";
import { SignInPage } from "../auth/SignInPage";
import { DeploymentHome } from "../deployment/DeploymentHome";
import { Loading } from "../ui/Loading";
import { HomeRedirect, NotFound, OrgRedirect, Shell } from "./Shell";
import { SignedInOnly } from "./SignedInOnly";

/** Every page of the console; deployment pages live under `/orgs/:org/deployments/:deployment`. */
export const routes: RouteObject[] = [
  { path: "/sign-in", element: <SignInPage /> },
  { path: "/invitations/accept", element: <AcceptInvitationPage /> },
  {
    path: "/",
    element: (
      <SignedInOnly>
        <HomeRedirect />
      </SignedInOnly>
    ),
  },
  {
    path: "/orgs/:org",
    element: (
      <SignedInOnly>
        <OrgRedirect />
      </SignedInOnly>
    ),
  },
  {
    path: "/orgs/:org/deployments/:deployment",
    element: (
      <SignedInOnly>
        <Shell />
      </SignedInOnly>
    ),
    children: [
      { index: true, element: <DeploymentHome /> },
      { path: "assets", element: <CatalogPage /> },
      // Asset keys keep their slashes: `assets/sales/raw_orders`.
      { path: "assets/*", element: <AssetDetailPage /> },
      // The graph (React Flow) loads only when opened, keeping the other pages light.
      {
        path: "lineage",
        // Shown while the page's code loads when the console opens on it (React Router asks for one).
        hydrateFallbackElement: <Loading what="the lineage graph" />,
        lazy: () =>
          import("../asset-graph/LineagePage").then((m) => ({ Component: m.LineagePage })),
      },
      { path: "runs", element: <RunsPage /> },
      { path: "runs/:id", element: <RunDetailPage /> },
      { path: "settings/deployments", element: <DeploymentsPage /> },
      { path: "settings/members", element: <MembersPage /> },
      { path: "settings/tokens", element: <ApiTokensPage /> },
      { path: "settings/agents", element: <AgentTokensPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
  {
    path: "*",
    element: (
      <AuthFrame title="Page not found">
        <p>
          Nothing lives at this address. <a href="/">Go to your console home</a>.
        </p>
      </AuthFrame>
    ),
  },
];
