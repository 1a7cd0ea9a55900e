import { useEffect, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, NavLink, Outlet, useNavigate, useParams } from "react-router";
import { api } from "../api/endpoints";
import { roleLabel, roleName } from "../api/model";
import { useDeployments, useMe } from "../api/queries";
import { ErrorMessage } from "../ui/ErrorMessage";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { Switcher } from "./Switcher";
import {
  deploymentPath,
  rememberDeployment,
  rememberedDeployment,
  rememberedOrg,
  useWorkspace,
  WorkspaceContext,
} from "../workspace/workspace";

/** The frame of every signed-in page: skip link, header with switcher and sign-out, navigation. */
export function Shell() {
  const { org: orgSlug = "", deployment = "" } = useParams();
  const me = useMe();
  const deployments = useDeployments(orgSlug);
  const org = me.data?.organizations.find((o) => o.slug === orgSlug);

  useEffect(() => {
    if (org && deployments.data?.some((d) => d.name === deployment)) {
      rememberDeployment(org.slug, deployment);
    }
  }, [org, deployment, deployments.data]);

  if (me.isPending) {
    return <Bare>{<Loading what="your account" />}</Bare>;
  }
  if (me.isError) {
    return (
      <Bare>
        <ErrorMessage error={me.error} prefix="Your account could not be loaded" />
      </Bare>
    );
  }
  if (!org) {
    return (
      <Bare>
        <Page title="Organization not found">
          <p>
            You are not a member of <strong>{orgSlug}</strong>, or it does not exist.
          </p>
          <OrganizationList />
        </Page>
      </Bare>
    );
  }
  if (deployments.isPending) {
    return <Bare>{<Loading what="deployments" />}</Bare>;
  }
  if (deployments.isError) {
    return (
      <Bare>
        <ErrorMessage error={deployments.error} prefix="Deployments could not be loaded" />
      </Bare>
    );
  }
  const workspace = {
    me: me.data,
    org,
    role: roleName(org.role),
    deployment,
    deployments: deployments.data,
  };
  if (!deployments.data.some((d) => d.name === deployment)) {
    return (
      <Bare>
        <Page title="Deployment not found">
          <p>
            {org.name} has no deployment named <strong>{deployment}</strong>. Open one of these:
          </p>
          <ul>
            {deployments.data.map((d) => (
              <li key={d.id}>
                <Link to={deploymentPath(org.slug, d.name)}>{d.name}</Link>
              </li>
            ))}
          </ul>
        </Page>
      </Bare>
    );
  }
  return (
    <WorkspaceContext.Provider value={workspace}>
      <Frame header={<HeaderContent />} nav={<Navigation />}>
        <Outlet />
      </Frame>
    </WorkspaceContext.Provider>
  );
}

function Frame({
  header,
  nav,
  children,
}: {
  header?: ReactNode;
  nav?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Materia</span>
        {header}
      </header>
      <div className={nav ? "layout" : "layout layout-bare"}>
        {nav}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** A signed-in page outside any deployment (errors, organization not found). */
function Bare({ children }: { children: ReactNode }) {
  return <Frame header={<SignOutButton />}>{children}</Frame>;
}

function HeaderContent() {
  const { me, role } = useWorkspace();
  return (
    <>
      <Switcher />
      <div className="account">
        <span>
          {me.user.name || me.user.email}{" "}
          <span className="role-badge" title="Your role in this organization">
            {roleLabel(role)}
          </span>
        </span>
        <SignOutButton />
      </div>
    </>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="button-quiet"
      onClick={async () => {
        try {
          await api.logout();
        } finally {
          queryClient.clear();
          navigate("/sign-in?signed-out=1", { replace: true });
        }
      }}
    >
      Sign out
    </button>
  );
}

function Navigation() {
  const { org, deployment } = useWorkspace();
  const to = (page: string) => deploymentPath(org.slug, deployment, page);
  return (
    <nav className="side-nav" aria-label="Console">
      <h2 className="nav-heading">Deployment {deployment}</h2>
      <ul>
        <li>
          <NavLink to={to("")} end>
            Overview
          </NavLink>
        </li>
        <li>
          <NavLink to={to("assets")}>Assets</NavLink>
        </li>
        <li>
          <NavLink to={to("lineage")}>Lineage</NavLink>
        </li>
        <li>
          <NavLink to={to("runs")}>Runs</NavLink>
        </li>
      </ul>
      <h2 className="nav-heading">Organization {org.name}</h2>
      <ul>
        <li>
          <NavLink to={to("settings/deployments")}>Deployments</NavLink>
        </li>
        <li>
          <NavLink to={to("settings/members")}>Members</NavLink>
        </li>
        <li>
          <NavLink to={to("settings/tokens")}>API tokens</NavLink>
        </li>
        <li>
          <NavLink to={to("settings/agents")}>Agents</NavLink>
        </li>
      </ul>
    </nav>
  );
}

function OrganizationList() {
  const me = useMe();
  if (!me.data || me.data.organizations.length === 0) {
    return null;
  }
  return (
    <>
      <p>Your organizations:</p>
      <ul>
        {me.data.organizations.map((o) => (
          <li key={o.id}>
            <Link to={`/orgs/${encodeURIComponent(o.slug)}`}>{o.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/** `/`: the last organization opened, else the first one. */
export function HomeRedirect() {
  const me = useMe();
  if (me.isPending) {
    return <Bare>{<Loading what="your account" />}</Bare>;
  }
  if (me.isError) {
    return (
      <Bare>
        <ErrorMessage error={me.error} prefix="Your account could not be loaded" />
      </Bare>
    );
  }
  const orgs = me.data.organizations;
  if (orgs.length === 0) {
    return (
      <Bare>
        <Page title="No organization yet">
          <p>
            You are signed in as {me.data.user.email} but belong to no organization. Ask an admin of
            your organization to invite you; the invitation link brings you here.
          </p>
        </Page>
      </Bare>
    );
  }
  const last = rememberedOrg();
  const org = orgs.find((o) => o.slug === last) ?? orgs[0];
  return <Navigate to={`/orgs/${encodeURIComponent(org.slug)}`} replace />;
}

/** `/orgs/:org`: the deployment last opened there, else the first one. */
export function OrgRedirect() {
  const { org = "" } = useParams();
  const deployments = useDeployments(org);
  if (deployments.isPending) {
    return <Bare>{<Loading what="deployments" />}</Bare>;
  }
  if (deployments.isError) {
    return (
      <Bare>
        <ErrorMessage error={deployments.error} prefix={`The organization ${org} is not open`} />
        <OrganizationList />
      </Bare>
    );
  }
  const last = rememberedDeployment(org);
  const target = deployments.data.find((d) => d.name === last) ?? deployments.data[0];
  if (!target) {
    return (
      <Bare>
        <Page title="No deployment yet">
          <p>This organization has no deployment. An admin can create one with the API.</p>
        </Page>
      </Bare>
    );
  }
  return <Navigate to={deploymentPath(org, target.name)} replace />;
}

/** A page that is not there, with a way back. */
export function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        Nothing lives at this address. <Link to="/">Go to your console home</Link>.
      </p>
    </Page>
  );
}
