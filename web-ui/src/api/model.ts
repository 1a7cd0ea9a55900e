import type { RunEvent } from "./events";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Account = Schemas["Account"];
export type Me = Schemas["Me"];
export type Organization = Schemas["Organization"];
export type Deployment = Schemas["Deployment"];
export type Member = Schemas["Member"];
export type Invitation = Schemas["Invitation"];
export type TokenView = Schemas["TokenView"];
export type CreatedToken = Schemas["TokensController.CreatedToken"];
export type CreateUserToken = Schemas["TokensController.CreateUserToken"];
export type CreateAgentToken = Schemas["TokensController.CreateAgentToken"];
export type Run = Schemas["Run"];
export type AgentView = Schemas["AgentView"];
export type RunPage = Schemas["RunPage"];
export type RunStatus = Schemas["RunStatus"];
export type LaunchRequest = Schemas["LaunchRequest"];
/** A page of run events; `events` with each record's `type` (see `events.ts`). */
export type RunEventPage = Omit<Schemas["RunEventPage"], "events"> & { events: RunEvent[] };

/** Roles from least to most: each may do everything the ones before it may. */
export const ROLES = ["viewer", "launcher", "editor", "admin", "owner"] as const;
export type RoleName = (typeof ROLES)[number];

/**
 * The role as the wire sends it (lower case). The OpenAPI document spells the enum in upper case
 * (see control-plane/README.md), so both spellings are read.
 */
export function roleName(role: Schemas["Role"] | string): RoleName {
  const name = role.toLowerCase() as RoleName;
  if (!ROLES.includes(name)) {
    throw new Error(`unknown role ${role}`);
  }
  return name;
}

export function atLeast(role: Schemas["Role"] | string, minimum: RoleName): boolean {
  return ROLES.indexOf(roleName(role)) >= ROLES.indexOf(minimum);
}

/** "admin" → "Admin", for labels. */
export function roleLabel(role: Schemas["Role"] | string): string {
  const name = roleName(role);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
