import { createContext, useContext } from "react";
import type { Deployment, Me, Organization, RoleName } from "../api/model";

/** Where the user is: their account, the organization and deployment in the URL, their role. */
export interface Workspace {
  me: Me;
  org: Organization;
  role: RoleName;
  deployment: string;
  deployments: Deployment[];
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) {
    throw new Error("useWorkspace outside a deployment page");
  }
  return workspace;
}

/** The console path of a deployment, plus an optional sub-page such as `settings/tokens`. */
export function deploymentPath(org: string, deployment: string, page = ""): string {
  const base = `/orgs/${encodeURIComponent(org)}/deployments/${encodeURIComponent(deployment)}`;
  return page ? `${base}/${page}` : base;
}

const LAST = "materia.lastDeployment";

/** The deployment last opened in an organization, so switching back lands there. */
export function rememberDeployment(org: string, deployment: string) {
  try {
    const all = JSON.parse(localStorage.getItem(LAST) ?? "{}") as Record<string, string>;
    all[org] = deployment;
    all[""] = org;
    localStorage.setItem(LAST, JSON.stringify(all));
  } catch {
    // Storage may be off (private mode); the console then opens the first deployment.
  }
}

export function rememberedDeployment(org: string): string | null {
  return remembered()[org] ?? null;
}

export function rememberedOrg(): string | null {
  return remembered()[""] ?? null;
}

function remembered(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(LAST) ?? "{}") as Record<string, string>;
  } catch {
    return {};
  }
}
