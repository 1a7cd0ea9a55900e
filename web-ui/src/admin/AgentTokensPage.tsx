import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { atLeast, type AgentView, type CreatedToken } from "../api/model";
import { keys, useAgents, useAgentTokens, useChange } from "../api/queries";
import { useWorkspace } from "../workspace/workspace";
import { ErrorMessage, LoadError } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { OneTimeSecret } from "../ui/OneTimeSecret";
import { Page } from "../ui/Page";
import { AgentInstallSteps } from "./AgentInstallSteps";
import { TokenTable } from "./ApiTokensPage";

/**
 * The organization's agents (status, last heartbeat, version, code locations; every member) and
 * agent tokens (`mta_`, admins only): each token names the deployments its agent may serve, and is
 * shown once. With no agent up, the page explains how to install one.
 */
export function AgentTokensPage() {
  const { org, role, deployment } = useWorkspace();
  const admin = atLeast(role, "admin");
  const agents = useAgents(org.slug);
  const noneUp = agents.data !== undefined && !agents.data.some((a) => a.status === "up");
  return (
    <Page
      title="Agents"
      lead="An agent runs in your infrastructure, loads your code locations and runs them. It connects out to Materia with an agent token."
    >
      {noneUp && (
        <section className="empty-state" aria-labelledby="no-agent">
          <h2 id="no-agent">No agent connected: here is how to install one</h2>
          {admin ? (
            <AgentInstallSteps deployment={deployment} />
          ) : (
            <p>
              Installing an agent needs an admin of {org.name}: ask one to create an agent token for{" "}
              <strong>{deployment}</strong> and start <code>materia agent</code> with it.
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="agent-list">
        <h2 id="agent-list">Connected agents</h2>
        {agents.isPending && <Loading what="agents" />}
        <ErrorMessage error={agents.error} prefix="Agents could not be loaded" />
        {agents.data?.length === 0 && (
          <p className="muted">No agent has sent a heartbeat to this organization yet.</p>
        )}
        {agents.data && agents.data.length > 0 && <AgentTable agents={agents.data} />}
      </section>
      {admin ? (
        <AgentTokensForAdmins />
      ) : (
        <p>
          Agent tokens are managed by admins of {org.name}. Ask one of them to connect an agent.
        </p>
      )}
    </Page>
  );
}

const AGENT_STATUS: Record<string, { label: string; className: string }> = {
  up: { label: "Up", className: "run-status-ok" },
  stopped: { label: "Stopped", className: "run-status-muted" },
  down: { label: "Down", className: "run-status-bad" },
};

const LOCATION_STATE: Record<string, string> = {
  LOADING: "loading",
  LOADED: "loaded",
  FAILED: "failed to load",
};

/** Each agent from its last heartbeat: what it serves and how it is doing. */
export function AgentTable({ agents }: { agents: AgentView[] }) {
  return (
    <table aria-label="Agents">
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Status</th>
          <th scope="col">Last heartbeat</th>
          <th scope="col">Version</th>
          <th scope="col">Code locations</th>
          <th scope="col">Runs in hand</th>
        </tr>
      </thead>
      <tbody>
        {agents.map((agent) => {
          const status = AGENT_STATUS[agent.status] ?? {
            label: agent.status,
            className: "run-status-muted",
          };
          return (
            <tr key={agent.agentId}>
              <th scope="row">
                <code>{agent.agentId}</code>
              </th>
              <td>
                <span className={`run-status ${status.className}`}>{status.label}</span>
              </td>
              <td>{formatTime(agent.lastSeenAt)}</td>
              <td>
                <code>{agent.version}</code>
              </td>
              <td>
                {agent.codeLocations.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="plain-list">
                    {agent.codeLocations.map((l) => (
                      <li key={`${l.deployment}/${l.name}`}>
                        {l.deployment}/{l.name} <code>{l.version}</code>:{" "}
                        {LOCATION_STATE[l.state] ?? l.state}
                        <LoadError error={l.error} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{agent.runs.length}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AgentTokensForAdmins() {
  const { org, deployment, deployments } = useWorkspace();
  const tokens = useAgentTokens(org.slug);
  const create = useChange(
    (request: { name: string; deployments: string[] }) => api.createAgentToken(org.slug, request),
    keys.agentTokens(org.slug),
  );
  const revoke = useChange(
    (id: string) => api.revokeAgentToken(org.slug, id),
    keys.agentTokens(org.slug),
  );
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([deployment]);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = await create
      .mutateAsync({ name: name.trim(), deployments: chosen })
      .catch(() => null);
    if (token) {
      setCreated(token);
      setName("");
    }
  }

  const none = tokens.data !== undefined && tokens.data.length === 0;
  return (
    <>
      {created ? (
        <OneTimeSecret
          title={`Agent token “${created.details.name}”`}
          label="Agent token"
          secret={created.token}
          onDone={() => {
            setCreated(null);
            create.reset();
          }}
        >
          <p>Start the agent with it:</p>
          <AgentInstallSteps deployment={created.details.deployments} token={created.token} />
        </OneTimeSecret>
      ) : (
        <section aria-labelledby="new-agent-token">
          <h2 id="new-agent-token">New agent token</h2>
          <form onSubmit={submit} className="stacked-form">
            <label htmlFor="agent-token-name">Name</label>
            <input
              id="agent-token-name"
              required
              placeholder="eu-cluster"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <fieldset>
              <legend>Deployments it may serve</legend>
              {deployments.map((d) => (
                <label key={d.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(d.name)}
                    onChange={(e) =>
                      setChosen(
                        e.target.checked ? [...chosen, d.name] : chosen.filter((n) => n !== d.name),
                      )
                    }
                  />
                  {d.name}
                </label>
              ))}
            </fieldset>
            <button
              type="submit"
              className="button-primary"
              disabled={create.isPending || chosen.length === 0}
            >
              Create agent token
            </button>
            {chosen.length === 0 && <p className="muted">Choose at least one deployment.</p>}
          </form>
          <ErrorMessage error={create.error} prefix="Not created" />
        </section>
      )}
      <section aria-labelledby="agent-token-list">
        <h2 id="agent-token-list">Agent tokens</h2>
        {tokens.isPending && <Loading what="agent tokens" />}
        <ErrorMessage error={tokens.error} />
        <ErrorMessage error={revoke.error} prefix="Not revoked" />
        {none && <p className="muted">None yet.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <TokenTable
            tokens={tokens.data}
            showDeployments
            onRevoke={(token) => revoke.mutate(token.id)}
          />
        )}
      </section>
    </>
  );
}
